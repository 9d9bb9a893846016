"""Two URL lists: the login start follows the citizen's language (/en/fi/…), the callback registered
at every provider is one fixed URL without a language prefix."""

from django.urls import path

from identity_providers import views

login_urlpatterns = [
    path("<slug:slug>/connexion", views.ProviderLoginView.as_view(), name="identity_provider_login"),
]

callback_urlpatterns = [
    path("retour", views.provider_callback, name="identity_provider_callback"),
]
