"""« Espace partenaires »: its pages, under the language prefixes (/partenaires/, /en/partenaires/…)."""

from django.urls import path

from partner_space.views import accounts, integration, members, organisations, production, sites, statistics

page_urlpatterns = [
    path("", organisations.home, name="partner_home"),
    path("inscription/", accounts.sign_up, name="partner_sign_up"),
    path("verification/<str:token>/", accounts.verify_email, name="partner_verify_email"),
    path("connexion/", accounts.login, name="partner_login"),
    path("connexion/code/", accounts.login_code, name="partner_login_code"),
    path("deconnexion/", accounts.logout, name="partner_logout"),
    path("mot-de-passe/", accounts.password_reset_request, name="partner_password_reset_request"),
    path("mot-de-passe/<str:token>/", accounts.password_reset, name="partner_password_reset"),
    path("compte/double-authentification/", accounts.second_factor, name="partner_second_factor"),
    path("organisations/nouvelle/", organisations.organisation_new, name="partner_organisation_new"),
    path("organisations/<int:organisation_id>/membres/", organisations.members, name="partner_members"),
    path(
        "organisations/<int:organisation_id>/membres/<int:membership_id>/role/",
        members.member_role,
        name="partner_member_role",
    ),
    path(
        "organisations/<int:organisation_id>/membres/<int:membership_id>/retrait/",
        members.member_remove,
        name="partner_member_remove",
    ),
    path(
        "organisations/<int:organisation_id>/invitations/<int:invitation_id>/annulation/",
        members.invitation_cancel,
        name="partner_invitation_cancel",
    ),
    path("organisations/<int:organisation_id>/sites/nouveau/", sites.site_new, name="partner_site_new"),
    path("invitation/<str:token>/", organisations.invitation, name="partner_invitation"),
    path("sites/<int:site_id>/", sites.site_detail, name="partner_site"),
    path("sites/<int:site_id>/configuration/", sites.site_configure, name="partner_site_configure"),
    path("sites/<int:site_id>/secret/", sites.site_secret, name="partner_site_secret"),
    path("sites/<int:site_id>/versions/", sites.site_versions, name="partner_site_versions"),
    path(
        "sites/<int:site_id>/production/",
        production.site_production_request,
        name="partner_site_production",
    ),
    path("sites/<int:site_id>/integration/", integration.site_integration, name="partner_site_integration"),
    path("sites/<int:site_id>/essayer/", integration.site_try, name="partner_site_try"),
    path("sites/<int:site_id>/statistiques/", statistics.site_statistics, name="partner_site_statistics"),
]

# Unprefixed, like the identity providers' callback: the portal's own redirect URI for « Try it »,
# which every sandbox site accepts beside its own (ServiceProvider.redirect_uri_allowed).
return_urlpatterns = [
    path("partenaires/essayer/retour/", integration.site_try_return, name="partner_try_return")
]
