"""Prepare the portal's demo: migrations, static files and demo data, and seed the demo identity providers.

Idempotent: ``make demo`` runs it at every start, so existing rows are updated, not duplicated.
"""

import json
import os
import subprocess

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "franceconnect.project.settings")
os.environ.setdefault("PORTAL_ENV", "demo")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from demo.admin_code import DEMO_ADMIN_TOTP_KEY  # noqa: E402
from demo.citizens import ALL_IDENTITY_PROVIDERS as IDENTITY_PROVIDERS  # noqa: E402
from demo.identity_provider import launch  # noqa: E402
from demo.logos import demo_logo_png, initials_of  # noqa: E402
from demo.partner_site import launch as partner_launch  # noqa: E402
from demo.partner_site.instances import PARTNER_SITES  # noqa: E402
from demo.partner_site.instances import SCOPE as PARTNER_SCOPE  # noqa: E402
from franceconnect.federation.models import ServiceProvider  # noqa: E402
from franceconnect.federation.services import service_provider_register  # noqa: E402
from identity_providers.models import IdentityProvider  # noqa: E402
from service_catalog.imports import catalogue_import_csv  # noqa: E402

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "demo-admin-password"  # noqa: S105 — published in the README, demo only
DEMO_CLIENT_ID = "portail-franceconnect-demo"
CATALOGUE_CSV = settings.BASE_DIR / "service_catalog" / "data" / "procedures.csv"


def demo_admin_ensure() -> None:
    user, _ = get_user_model().objects.get_or_create(
        username=DEMO_ADMIN_USERNAME, defaults={"email": "admin@demo.localhost"}
    )
    user.is_staff = user.is_superuser = True
    user.set_password(DEMO_ADMIN_PASSWORD)
    user.save()
    # The back office asks for a second factor: the demo's is published (demo/admin_code.py).
    TOTPDevice.objects.update_or_create(
        user=user, name="démo", defaults={"key": DEMO_ADMIN_TOTP_KEY, "confirmed": True}
    )


def demo_identity_provider_register(instance: str) -> IdentityProvider:
    """Register one demo identity provider in the portal and the portal as its client."""
    info = IDENTITY_PROVIDERS[instance]
    base = f"{launch.instance_url(instance)}/o"
    provider = IdentityProvider.objects.filter(slug=instance).first() or IdentityProvider(slug=instance)
    secret = provider.client_secret if provider.has_client_secret else get_random_string(48)
    provider.name = info["name"]
    provider.order = info["order"]
    provider.eidas_levels = ["eidas1"]
    provider.for_testing = info.get("for_testing", False)  # only sandbox sites offer it
    provider.discovery_url = f"{base}/.well-known/openid-configuration"
    # The demo provider is django-oauth-toolkit: its endpoints are known without asking it
    # (it is not running yet); the periodic health check reads its discovery document.
    provider.issuer = base
    provider.authorization_endpoint = f"{base}/authorize/"
    provider.token_endpoint = f"{base}/token/"
    provider.userinfo_endpoint = f"{base}/userinfo/"
    provider.jwks_uri = f"{base}/.well-known/jwks.json"
    provider.end_session_endpoint = f"{base}/logout/"
    provider.signing_algorithms = ["RS256"]
    # password_change_url stays as an administrator left it: the demo identity providers have no
    # password-change page (their citizens' passwords are published), so their security e-mails
    # give the general advice; an https page can be set in admin to see the link.
    provider.client_id = DEMO_CLIENT_ID
    provider.client_secret = secret
    demo_logo_ensure(provider, colour=info["colour"])
    provider.full_clean()
    provider.save()

    environment = launch.instance_environment(instance, settings.VAR_DIR)
    callback = settings.PUBLIC_BASE_URL + reverse("identity_provider_callback")
    after_logout = settings.PUBLIC_BASE_URL + reverse("oidc_session_end_return")
    subprocess.run(launch.manage_command("migrate", "--verbosity=0"), env=environment, check=True)
    seed = ["demo_idp_seed", "--client-id", DEMO_CLIENT_ID, "--client-secret", secret]
    seed += ["--redirect-uri", callback, "--post-logout-redirect-uri", after_logout]
    subprocess.run(launch.manage_command(*seed), env=environment, check=True)
    return provider


def demo_logo_ensure(provider: IdentityProvider, *, colour: str) -> None:
    """A logo of the project's own making (demo/logos.py), made once: a new one at every start
    would leave the previous files behind under MEDIA_ROOT."""
    if not (provider.logo and provider.logo.storage.exists(provider.logo.name)):
        png = demo_logo_png(initials_of(provider.name), colour)
        provider.logo.save(f"{provider.slug}.png", ContentFile(png), save=False)
    provider.logo_alt = f"Logo {provider.name}"


def demo_partner_site_register(instance: str) -> None:
    """Register one demo partner site in the portal and give it its credentials (client.json)."""
    info = PARTNER_SITES[instance]
    environment = partner_launch.instance_environment(instance, settings.VAR_DIR)
    credentials_file = settings.VAR_DIR / f"demo-sp-{instance}" / "client.json"
    registered = ServiceProvider.objects.filter(name=info["name"]).first()
    if registered is None or not credentials_file.exists():
        if registered is not None:  # its secret is only stored hashed: register it again
            registered.delete()
        service_provider, secret = service_provider_register(
            name=info["name"],
            redirect_uris=[partner_launch.redirect_uri(instance)],
            post_logout_redirect_uris=[partner_launch.post_logout_redirect_uri(instance)],
            algorithm=info["id_token_signed_response_alg"],
            scopes=PARTNER_SCOPE.split(),
            site_url=partner_launch.instance_url(instance),
        )
        credentials_file.parent.mkdir(parents=True, exist_ok=True)
        credentials_file.write_text(
            json.dumps({"client_id": service_provider.client_id, "client_secret": secret})
        )
        credentials_file.chmod(0o600)
    else:  # the ports may have changed since the last run
        registered.redirect_uris = partner_launch.redirect_uri(instance)
        registered.post_logout_redirect_uris = partner_launch.post_logout_redirect_uri(instance)
        registered.site_url = partner_launch.instance_url(instance)
        registered.save()
    subprocess.run(partner_launch.manage_command("migrate", "--verbosity=0"), env=environment, check=True)


def main() -> None:
    if settings.PORTAL_ENV != "demo":
        raise SystemExit("demo.setup only runs with PORTAL_ENV=demo.")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    demo_admin_ensure()
    for instance in IDENTITY_PROVIDERS:
        demo_identity_provider_register(instance)
    for instance in PARTNER_SITES:
        demo_partner_site_register(instance)
    # The « nos-services » catalogue: real procedures (public facts), updated in place on each start.
    catalogue_import_csv(CATALOGUE_CSV)


if __name__ == "__main__":
    main()
