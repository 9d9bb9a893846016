from django.urls import path

from service_catalog import views

page_urlpatterns = [
    path("", views.service_list, name="catalogue_list"),
    path("<slug:slug>/", views.service_detail, name="catalogue_detail"),
]

api_urlpatterns = [
    path("services", views.api_services, name="catalogue_api_services"),
    path("services/<slug:slug>", views.api_service, name="catalogue_api_service"),
    path("categories", views.api_categories, name="catalogue_api_categories"),
    path("openapi.json", views.api_openapi, name="catalogue_api_openapi"),
]
