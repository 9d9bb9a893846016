from django.urls import path

from identity_providers import views

app_name = "identity_providers"

urlpatterns = [
    path("<slug:slug>/connexion", views.ProviderLoginView.as_view(), name="login"),
    path("retour", views.provider_callback, name="callback"),
]
