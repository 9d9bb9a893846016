from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render


def instance(request):
    return {"idp_name": settings.INSTANCE_NAME, "idp_colour": settings.INSTANCE_COLOUR}


def home(request):
    return render(request, "demo_identity_provider/home.html")


class CitizenLoginView(auth_views.LoginView):
    template_name = "demo_identity_provider/login.html"
    redirect_authenticated_user = True
