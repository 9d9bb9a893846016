import pytest
from django.test import Client

from franceconnect.federation.models import LoginPolicy, LoginPolicyChange
from notifications.models import Notification
from tests.citizen_space.space_fixtures import follow_return, space_sign_in
from tests.flow_fixtures import REDIRECT_URI, Citizen, Partner
from tests.identity_provider_fixtures import fake_registered

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_provider(fake_provider, registered_fake):
    """A second identity provider (the same fake behind it): the one the citizen keeps."""
    return fake_registered(fake_provider, slug="autre", name="Autre fournisseur")


def _signed_in(client, citizen, slug="autre"):
    follow_return(client, space_sign_in(client, citizen, slug=slug))


def _choices(client, **data):
    return client.post("/mon-espace/comptes/", {"future": "allow", **data})


def test_the_page_lists_every_identity_provider_allowed_at_first(
    client, citizen, registered_fake, other_provider
):
    _signed_in(client, citizen)

    page = client.get("/mon-espace/comptes/")

    form = page.context["form"]
    assert set(form.provider_fields) == {f"provider_{registered_fake.pk}", f"provider_{other_provider.pk}"}
    assert all(form[name].value() for name in form.provider_fields)


def test_blocking_a_provider_is_recorded_and_confirmed_by_e_mail(
    client, citizen, registered_fake, other_provider
):
    _signed_in(client, citizen)

    saved = _choices(client, **{f"provider_{other_provider.pk}": "on"})

    assert saved.status_code == 302
    policy = LoginPolicy.objects.get()
    assert policy.blocked_identity_providers == [registered_fake.pk]
    change = LoginPolicyChange.objects.get()
    assert (change.action, change.identity_provider, change.actor) == (
        "provider_blocked",
        registered_fake,
        "citizen",
    )
    email = Notification.objects.get(kind=Notification.Kind.LOGIN_POLICY_CHANGED)
    assert email.recipient == "angela.dubois@example.org"
    assert email.context["blocked"] == ["Fournisseur factice"]


def test_at_least_one_provider_stays_allowed(client, citizen, other_provider):
    _signed_in(client, citizen)

    refused = _choices(client, confirm_current="on")

    assert refused.status_code == 200 and refused.context["error_summary"]
    assert not LoginPolicy.objects.exists()


def test_blocking_the_provider_in_use_asks_for_a_confirmation(
    client, citizen, registered_fake, other_provider
):
    _signed_in(client, citizen, slug="autre")
    choice = {f"provider_{registered_fake.pk}": "on"}

    asked = _choices(client, **choice)
    assert asked.status_code == 200 and asked.context["asks_confirmation"]
    assert not LoginPolicy.objects.exists()

    confirmed = _choices(client, **choice, confirm_current="on")
    assert confirmed.status_code == 302
    assert LoginPolicy.objects.get().blocked_identity_providers == [other_provider.pk]


def test_a_blocked_provider_ends_the_login_with_a_page_and_a_security_e_mail(
    client, citizen, partner, registered_fake, other_provider, django_capture_on_commit_callbacks
):
    _signed_in(client, citizen, slug="autre")
    _choices(client, **{f"provider_{other_provider.pk}": "on"})
    client.post("/se-deconnecter/")

    refused = citizen.log_in_at_provider(partner.authorize(), slug="fake")

    assert refused.status_code == 403
    html = refused.content.decode()
    assert "identity_provider_blocked" in html and "/mon-espace/comptes/" in html
    email = Notification.objects.get(kind=Notification.Kind.SECURITY_BLOCKED_PROVIDER)
    assert email.context["identity_provider_name"] == "Fournisseur factice"
    assert email.context["site_name"] == "Site partenaire"
    # No single sign-on was opened by the refused login; the other account still works.
    page = citizen.log_in_at_provider(partner.authorize(), slug="autre")
    assert page.status_code == 200 and citizen.confirm()["Location"].startswith(REDIRECT_URI + "?code=")


def test_a_single_sign_on_made_with_a_provider_blocked_since_releases_nothing(
    client, citizen, partner, registered_fake, other_provider
):
    _signed_in(client, citizen, slug="autre")
    # Another browser of the same person, under a single sign-on made with "fake":
    other_browser = Client()
    other_citizen = Citizen(other_browser, citizen.fake)
    other_partner = Partner(other_browser, partner.service_provider, partner.secret)
    other_citizen.log_in_at_provider(other_partner.authorize(), slug="fake")
    other_citizen.confirm()
    _choices(client, **{f"provider_{other_provider.pk}": "on"})

    later = other_partner.authorize()  # the single sign-on answers with the confirmation screen
    other_citizen.read_confirmation(later)
    refused = other_citizen.confirm()

    assert refused.status_code == 403 and "identity_provider_blocked" in refused.content.decode()
    assert Notification.objects.filter(kind=Notification.Kind.SECURITY_BLOCKED_PROVIDER).count() == 1


def test_providers_added_later_follow_the_citizen_s_choice(
    client, citizen, partner, fake_provider, registered_fake, other_provider
):
    _signed_in(client, citizen, slug="autre")
    client.post(
        "/mon-espace/comptes/",
        {"future": "block", f"provider_{other_provider.pk}": "on", f"provider_{registered_fake.pk}": "on"},
    )
    policy = LoginPolicy.objects.get()
    assert policy.future_providers_allowed is False
    newcomer = fake_registered(fake_provider, slug="nouveau", name="Nouveau fournisseur")
    client.post("/se-deconnecter/")

    refused = citizen.log_in_at_provider(partner.authorize(), slug="nouveau")

    assert refused.status_code == 403 and "identity_provider_blocked" in refused.content.decode()
    # Allowed again by the citizen: usable.
    _signed_in(client, citizen, slug="autre")
    page = client.get("/mon-espace/comptes/")
    assert page.context["form"][f"provider_{newcomer.pk}"].value() is False  # shown as blocked
    client.post(
        "/mon-espace/comptes/",
        {"future": "block", f"provider_{newcomer.pk}": "on", f"provider_{other_provider.pk}": "on"},
    )
    assert newcomer.pk not in LoginPolicy.objects.get().blocked_identity_providers
    client.post("/se-deconnecter/")
    page = citizen.log_in_at_provider(partner.authorize(), slug="nouveau")
    assert page.status_code == 200 and citizen.confirm()["Location"].startswith(REDIRECT_URI + "?code=")
