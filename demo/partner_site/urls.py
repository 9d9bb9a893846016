from django.urls import path

from demo.partner_site import views

urlpatterns = [
    path("", views.home, name="home"),
    path("oidc/login/", views.login, name="login"),
    path("oidc/callback/", views.callback, name="callback"),
    path("moi/", views.me, name="me"),
    path("deconnexion/", views.logout, name="logout"),
    # No trailing slash: the portal compares post_logout_redirect_uri with the registered one exactly.
    path("deconnexion/retour", views.logout_return, name="logout_return"),
]
