"""Root URLs: French pages without a prefix, /en/ and /ru/ for the other languages.

Machine endpoints (probes, the partner-facing /api/v2) and the identity providers' callback
stay outside the language prefix. An unprefixed page is shown in French only to a person whose
language is French: the others are redirected to theirs (franceconnect/infrastructure/languages.py;
prefix_default_language=True would move every French address under /fr/).
"""

import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from citizen_space import urls as citizen_space_urls
from franceconnect.federation.flow import authorize
from franceconnect.federation.flow import views as flow_views
from franceconnect.federation.provider import logout, revocation
from franceconnect.federation.provider import views as oidc_views
from franceconnect.infrastructure import health, languages, pages
from franceconnect.public_pages import views as public_pages
from identity_providers import views as identity_provider_views
from identity_providers.logos import STORED_NAME_PATTERN
from partner_space import urls as partner_space_urls
from service_catalog import urls as catalogue_urls
from service_statistics import views as statistics_views
from support import views as support_views

api_v2 = [
    path(".well-known/openid-configuration", oidc_views.discovery, name="oidc_discovery"),
    path("jwks", oidc_views.jwks, name="oidc_jwks"),
    path("authorize", authorize.authorize, name="oidc_authorize"),
    path("token", oidc_views.TokenView.as_view(), name="oidc_token"),
    path("token/revoke", revocation.RevokeTokenView.as_view(), name="oidc_revoke"),
    path("userinfo", oidc_views.userinfo, name="oidc_userinfo"),
    path("session/end", logout.session_end, name="oidc_session_end"),
    path("session/end/retour", logout.session_end_return, name="oidc_session_end_return"),
]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("api/v2/", include(api_v2)),
    path("api/catalogue/v1/", include(catalogue_urls.api_urlpatterns)),
    # Identity providers send citizens back to one fixed, unprefixed callback URL.
    path("fi/retour", flow_views.identity_provider_return, name="identity_provider_callback"),
    *citizen_space_urls.return_urlpatterns,
    *partner_space_urls.return_urlpatterns,
    # Uploaded files are the providers' logos, served checked (identity_providers/views.py).
    re_path(
        rf"^{re.escape(settings.MEDIA_URL.strip('/'))}/(?P<name>{STORED_NAME_PATTERN})$",
        identity_provider_views.logo_file,
        name="media_logo",
    ),
    # The language switcher's links: the choice is remembered, then the same page in that language.
    path("langue/<str:code>/", languages.language_choose, name="language_choose"),
]

urlpatterns += i18n_patterns(
    path("", pages.home, name="home"),
    path("connexion/<str:interaction_id>/", flow_views.chooser, name="flow_chooser"),
    path(
        "connexion/<str:interaction_id>/fi/<slug:slug>/",
        flow_views.identity_provider,
        name="flow_identity_provider",
    ),
    path("connexion/<str:interaction_id>/confirmation/", flow_views.confirmation, name="flow_confirmation"),
    path("connexion/<str:interaction_id>/annuler/", flow_views.cancel, name="flow_cancel"),
    path(
        "connexion/<str:interaction_id>/changer-de-compte/",
        flow_views.switch_account,
        name="flow_switch_account",
    ),
    path("se-deconnecter/", flow_views.sign_out, name="flow_sign_out"),
    path("deconnexion/", logout.logged_out, name="flow_logged_out"),
    path("mon-espace/", include(citizen_space_urls.page_urlpatterns)),
    path("partenaires/", include(partner_space_urls.page_urlpatterns)),
    path("contact/", support_views.contact, name="support_contact"),
    path("nos-services/", include(catalogue_urls.page_urlpatterns)),
    path("contact/envoye/", support_views.sent, name="support_sent"),
    # The pages a French public service publishes, linked from every page's footer.
    path("accessibilite/", public_pages.accessibility, name="accessibility"),
    path("mentions-legales/", public_pages.legal_notice, name="legal_notice"),
    path("donnees-personnelles/", public_pages.personal_data, name="personal_data"),
    path("plan-du-site/", public_pages.site_map, name="site_map"),
    # The back office's statistics dashboard: staff verified by the second factor (admin_view),
    # with the dashboard's permission (the view).
    path(
        "admin/statistiques/", admin.site.admin_view(statistics_views.dashboard), name="statistics_dashboard"
    ),
    path(
        "admin/statistiques/export.csv",
        admin.site.admin_view(statistics_views.export),
        name="statistics_export",
    ),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

handler400 = "franceconnect.infrastructure.pages.bad_request"
handler403 = "franceconnect.infrastructure.pages.permission_denied"
handler404 = "franceconnect.infrastructure.pages.page_not_found"
handler500 = "franceconnect.infrastructure.pages.server_error"
