from django.apps import AppConfig


class DemoPartnerSiteConfig(AppConfig):
    name = "demo.partner_site"
    label = "demo_partner_site"
    verbose_name = "Fournisseur de service de démonstration"
