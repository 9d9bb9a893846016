from django.contrib.auth.views import LogoutView
from django.urls import include, path

from demo.identity_provider import views

urlpatterns = [
    path("", views.home, name="home"),
    path("connexion/", views.CitizenLoginView.as_view(), name="login"),
    path("deconnexion/", LogoutView.as_view(next_page="home"), name="logout"),
    # Before django-oauth-toolkit's own: the same address, with max_age honoured.
    path("o/authorize/", views.CitizenAuthorizationView.as_view(), name="demo_authorize"),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
