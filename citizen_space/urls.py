"""« Mon espace »: its pages (under the language prefixes) and the portal's answer to its sign-ins."""

from django.urls import path

from citizen_space import report_views, views

# Unprefixed, like the identity providers' callback: the space's registered redirect URI.
return_urlpatterns = [path("mon-espace/retour/", views.sign_in_return, name="space_return")]

page_urlpatterns = [
    path("", views.home, name="space_home"),
    path("connexion/", views.sign_in, name="space_sign_in"),
    path("deconnexion/", views.sign_out, name="space_sign_out"),
    path("comptes/", views.providers, name="space_providers"),
    path("signalement/", report_views.report, name="space_report"),
    path("signalement/fin-des-sessions/", report_views.report_sessions, name="space_report_sessions"),
    path("signalement/<str:token>/", report_views.report_link, name="space_report_link"),
]
