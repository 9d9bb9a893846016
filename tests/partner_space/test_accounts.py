"""Partner accounts: sign-up and the address's verification link, login with and without the
second factor, lockout, password reset; nothing tells whether an address has an account."""

import time
from unittest import mock

import pytest
from django.conf import settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from notifications.models import Notification
from partner_space.models import PartnerPerson
from partner_space.session import PARTNER_KEY
from tests.partner_space.conftest import PASSWORD, link_in, log_in, person_make

pytestmark = pytest.mark.django_db

SIGN_UP = {
    "given_name": "Zoé",
    "family_name": "Lefèvre-Martin",
    "email": "Zoe.Lefevre@Partenaire.example",
    "password": "correct-horse-battery-Staple-9",
}


def _latest(kind: str) -> Notification:
    return Notification.objects.filter(kind=kind).latest("created_at")


def test_sign_up_creates_an_unverified_person_and_e_mails_a_verification_link(client):
    response = client.post("/partenaires/inscription/", SIGN_UP)

    assert response.status_code == 200
    assert "partner_space/email_sent.html" in [template.name for template in response.templates]
    person = PartnerPerson.objects.get(email="zoe.lefevre@partenaire.example")
    assert person.email_verified_at is None
    assert not person.user.is_staff and person.user.account_key is None
    assert person.user.check_password(SIGN_UP["password"])
    assert _latest(Notification.Kind.PARTNER_EMAIL_VERIFICATION).recipient == person.email


def test_the_verification_link_confirms_the_address_once(client):
    client.post("/partenaires/inscription/", SIGN_UP)
    path = link_in(_latest(Notification.Kind.PARTNER_EMAIL_VERIFICATION), "verify_url")

    assert client.get(path).status_code == 200  # asks first: a mail scanner following it changes nothing
    assert PartnerPerson.objects.get().email_verified_at is None
    assert client.post(path).status_code == 302
    assert PartnerPerson.objects.get().email_verified_at is not None
    assert client.post(path).status_code == 404  # used


def test_an_expired_or_forged_verification_link_is_refused(client):
    client.post("/partenaires/inscription/", SIGN_UP)
    path = link_in(_latest(Notification.Kind.PARTNER_EMAIL_VERIFICATION), "verify_url")
    later = time.time() + settings.PARTNER_EMAIL_LINK_HOURS * 3600 + 5

    with mock.patch("django.core.signing.time.time", return_value=later):
        assert client.post(path).status_code == 404
    assert client.post(path[:-3] + "xyz/").status_code == 404
    assert client.post("/partenaires/verification/1:abc:def/").status_code == 404
    assert PartnerPerson.objects.get().email_verified_at is None


def test_a_second_sign_up_of_an_unverified_address_ends_the_first_link(client):
    client.post("/partenaires/inscription/", SIGN_UP)
    first = link_in(_latest(Notification.Kind.PARTNER_EMAIL_VERIFICATION), "verify_url")
    client.post("/partenaires/inscription/", {**SIGN_UP, "password": "another-Long-passphrase-77"})

    assert client.post(first).status_code == 404
    assert PartnerPerson.objects.count() == 1


def test_sign_up_with_a_known_address_answers_the_same_and_tells_only_the_owner(client, person):
    response = client.post("/partenaires/inscription/", {**SIGN_UP, "email": person.email.upper()})

    assert response.status_code == 200
    assert "partner_space/email_sent.html" in [template.name for template in response.templates]
    assert PartnerPerson.objects.count() == 1
    person.user.refresh_from_db()
    assert person.user.check_password(PASSWORD)  # nothing changed
    assert _latest(Notification.Kind.PARTNER_SIGN_UP_EXISTING).recipient == person.email


def test_sign_up_applies_django_password_validators(client):
    response = client.post("/partenaires/inscription/", {**SIGN_UP, "password": "12345678"})

    assert response.status_code == 400
    assert response.context["form"].errors["password"]
    assert not PartnerPerson.objects.exists()


def test_login_opens_the_partner_session_without_logging_in_to_django(client, person):
    response = log_in(client, person)

    assert response.status_code == 302 and response["Location"] == "/partenaires/"
    assert client.session[PARTNER_KEY]["person_id"] == person.pk
    assert "_auth_user_id" not in client.session  # the citizens' single sign-on is untouched
    assert client.get("/partenaires/").status_code == 200


def test_an_unverified_person_cannot_log_in_and_gets_a_new_link(client):
    person = person_make(verified=False)

    response = log_in(client, person)

    assert response.status_code == 200 and PARTNER_KEY not in client.session
    assert _latest(Notification.Kind.PARTNER_EMAIL_VERIFICATION).recipient == person.email


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(client, person):
    wrong = log_in(client, person, password="not-the-password-at-all")
    unknown = client.post("/partenaires/connexion/", {"email": "nobody@example.fr", "password": PASSWORD})

    assert wrong.status_code == unknown.status_code == 400
    assert wrong.context["error_summary"] == unknown.context["error_summary"]


def test_pages_of_the_space_need_a_login(client, person):
    response = client.get("/partenaires/")

    assert response.status_code == 302 and response["Location"].startswith("/partenaires/connexion/?suivant=")


def test_after_the_login_the_person_is_back_on_the_page_asked_for_with_its_query_string(client, person):
    login_page = client.get("/partenaires/?a=1&b=2")["Location"]

    answer = client.post(login_page, {"email": person.email, "password": PASSWORD})

    assert answer.status_code == 302 and answer["Location"] == "/partenaires/?a=1&b=2"


def test_lockout_after_too_many_wrong_passwords_even_with_the_right_one(client, person):
    for _attempt in range(settings.PARTNER_LOGIN_FAILURE_LIMIT):
        assert log_in(client, person, password="wrong-password-again").status_code == 400

    response = log_in(client, person)

    assert response.status_code == 429 and "Retry-After" in response
    assert PARTNER_KEY not in client.session


def _device(person, *, confirmed=True) -> TOTPDevice:
    return TOTPDevice.objects.create(user=person.user, name="test", confirmed=confirmed)


def _code(device: TOTPDevice, *, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def test_login_with_a_second_factor_asks_for_the_code(client, person):
    device = _device(person)

    response = log_in(client, person)
    assert response.status_code == 302 and response["Location"] == "/partenaires/connexion/code/"
    assert PARTNER_KEY not in client.session

    wrong = client.post(
        "/partenaires/connexion/code/", {"code": "000000" if _code(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 400 and PARTNER_KEY not in client.session

    device.refresh_from_db()
    device.throttling_failure_count = 0  # django-otp slows repeated wrong codes down; not tested here
    device.throttling_failure_timestamp = None
    device.save()
    right = client.post("/partenaires/connexion/code/", {"code": _code(device)})
    assert right.status_code == 302 and client.session[PARTNER_KEY]["person_id"] == person.pk


def test_the_code_page_without_a_password_first_sends_to_the_login(client, person):
    _device(person)

    response = client.post("/partenaires/connexion/code/", {"code": "123456"})

    assert response.status_code == 302 and response["Location"] == "/partenaires/connexion/"


def test_setting_up_the_second_factor_needs_a_code_from_the_new_device(logged_in, person):
    page = logged_in.post("/partenaires/compte/double-authentification/", {"action": "start"})
    assert page.status_code == 200 and "<svg" in page.content.decode()
    pending = TOTPDevice.objects.get(user=person.user)
    assert not pending.confirmed

    confirmed = logged_in.post(
        "/partenaires/compte/double-authentification/", {"action": "confirm", "code": _code(pending)}
    )

    assert confirmed.status_code == 302
    assert TOTPDevice.objects.get(user=person.user).confirmed


def test_password_reset_answers_the_same_for_an_unknown_address(client, person):
    known = client.post("/partenaires/mot-de-passe/", {"email": person.email})
    unknown = client.post("/partenaires/mot-de-passe/", {"email": "nobody@example.fr"})

    assert known.status_code == unknown.status_code == 200
    assert Notification.objects.filter(kind=Notification.Kind.PARTNER_PASSWORD_RESET).count() == 1


def test_the_password_reset_link_works_once_and_ends_other_sessions(client, logged_in, person):
    from django.test import Client

    other = Client()
    other.post("/partenaires/mot-de-passe/", {"email": person.email})
    path = link_in(_latest(Notification.Kind.PARTNER_PASSWORD_RESET), "reset_url")

    assert other.post(path, {"password": "a-brand-New-passphrase-2026"}).status_code == 302
    assert other.post(path, {"password": "yet-another-Passphrase-2027"}).status_code == 404
    # The session opened with the old password ends at its next page.
    assert logged_in.get("/partenaires/").status_code == 302


@pytest.mark.parametrize("language", ["fr", "en", "ru"])
def test_every_partner_e_mail_renders_in_each_language(client, person, language):
    from notifications.rendering import notification_render

    client.post("/partenaires/inscription/", {**SIGN_UP, "email": "new@partenaire.example"})
    client.post("/partenaires/inscription/", {**SIGN_UP, "email": person.email})
    client.post("/partenaires/mot-de-passe/", {"email": person.email})
    kinds = set()
    for notification in Notification.objects.all():
        notification.language = language
        subject, text, html = notification_render(notification)
        assert subject and "\n" not in subject and "http" in text and "<a href=" in html
        kinds.add(notification.kind)
    assert kinds == {
        Notification.Kind.PARTNER_EMAIL_VERIFICATION,
        Notification.Kind.PARTNER_SIGN_UP_EXISTING,
        Notification.Kind.PARTNER_PASSWORD_RESET,
    }
