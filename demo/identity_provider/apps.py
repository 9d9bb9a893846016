from django.apps import AppConfig


class DemoIdentityProviderConfig(AppConfig):
    name = "demo.identity_provider"
    label = "demo_identity_provider"
    verbose_name = "Fournisseur d'identité de démonstration"
