"""Root URLs: French pages without a prefix, /en/ and /ru/ for the other languages.

Machine endpoints (probes, and later the partner-facing /api/v2) stay outside the language prefix.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from franceconnect import health, views
from identity_providers import urls as identity_providers_urls

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # Identity providers send citizens back to one fixed, unprefixed callback URL.
    path("fi/", include(identity_providers_urls.callback_urlpatterns)),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("fi/", include(identity_providers_urls.login_urlpatterns)),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

handler400 = "franceconnect.views.bad_request"
handler403 = "franceconnect.views.permission_denied"
handler404 = "franceconnect.views.page_not_found"
handler500 = "franceconnect.views.server_error"
