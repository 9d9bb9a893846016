"""Root URLs: French pages without a prefix, /en/ and /ru/ for the other languages.

Machine endpoints (probes, the partner-facing /api/v2) and the identity providers' callback
stay outside the language prefix.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from franceconnect.federation.flow import views as flow_views
from franceconnect.federation.provider import authorize, logout
from franceconnect.federation.provider import views as oidc_views
from franceconnect.infrastructure import health, pages
from identity_providers import urls as identity_providers_urls
from service_catalog import urls as catalogue_urls
from support import views as support_views

api_v2 = [
    path(".well-known/openid-configuration", oidc_views.discovery, name="oidc_discovery"),
    path("jwks", oidc_views.jwks, name="oidc_jwks"),
    path("authorize", authorize.authorize, name="oidc_authorize"),
    path("token", oidc_views.TokenView.as_view(), name="oidc_token"),
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
    path("fi/", include(identity_providers_urls.callback_urlpatterns)),
]

urlpatterns += i18n_patterns(
    path("", pages.home, name="home"),
    path("connexion/", flow_views.chooser, name="flow_chooser"),
    path("connexion/retour/", flow_views.identity_return, name="flow_identity_return"),
    path("connexion/confirmation/", flow_views.confirmation, name="flow_confirmation"),
    path("deconnexion/", logout.logged_out, name="flow_logged_out"),
    path("contact/", support_views.contact, name="support_contact"),
    path("nos-services/", include(catalogue_urls.page_urlpatterns)),
    path("contact/envoye/", support_views.sent, name="support_sent"),
    path("fi/", include(identity_providers_urls.login_urlpatterns)),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

handler400 = "franceconnect.infrastructure.pages.bad_request"
handler403 = "franceconnect.infrastructure.pages.permission_denied"
handler404 = "franceconnect.infrastructure.pages.page_not_found"
handler500 = "franceconnect.infrastructure.pages.server_error"
