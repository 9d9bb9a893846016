"""Partner people: sign-up, the address's verification, login, password reset, second factor.

No answer tells whether an address has an account: a sign-up with a known address and a reset
for an unknown one are answered as any other (the e-mail says what happened, to the address's
owner only), and both paths hash a password, so that neither is faster.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import get_random_string, salted_hmac
from django_otp.plugins.otp_totp.models import TOTPDevice

from notifications.models import Notification
from notifications.services import notification_create
from partner_space import links
from partner_space.models import PartnerPerson

DEVICE_NAME = "espace partenaires"


def email_normalise(email: str) -> str:
    return email.strip().lower()


def _link(view_name: str, token: str, language: str) -> str:
    with translation.override(language):
        return settings.PUBLIC_BASE_URL + reverse(view_name, args=[token])


def _verification_state(person: PartnerPerson) -> str:
    # A later sign-up with the same unverified address changes the password: earlier links end.
    return f"{person.email}|{person.email_verified_at}|{person.user.password}"


def _reset_state(person: PartnerPerson) -> str:
    return f"{person.email}|{person.user.password}|{person.user.last_login}"


def verification_link(person: PartnerPerson) -> str:
    token = links.link_token(links.VERIFY_EMAIL, person.pk, _verification_state(person))
    return _link("partner_verify_email", token, person.language)


def password_reset_link(person: PartnerPerson) -> str:
    token = links.link_token(links.RESET_PASSWORD, person.pk, _reset_state(person))
    return _link("partner_password_reset", token, person.language)


def _email_link_max_age() -> int:
    return settings.PARTNER_EMAIL_LINK_HOURS * 3600


def _person_of_link(purpose: str, token: str, state_of) -> PartnerPerson | None:
    read = links.link_read(purpose, token, max_age_seconds=_email_link_max_age())
    if read is None:
        return None
    pk, fingerprint = read
    person = PartnerPerson.objects.select_related("user").filter(pk=pk).first()
    if person is None or not links.link_state_matches(purpose, fingerprint, state_of(person)):
        return None
    return person


def _email(kind: str, person_or_address, *, language: str, context: dict) -> None:
    recipient = person_or_address.email if isinstance(person_or_address, PartnerPerson) else person_or_address
    notification_create(kind=kind, recipient=recipient, language=language, context=context)


@transaction.atomic
def person_sign_up(*, email: str, password: str, given_name: str, family_name: str, language: str) -> None:
    """A new person (their address to verify), or an e-mail to the known address's owner."""
    email = email_normalise(email)
    person = PartnerPerson.objects.select_related("user").select_for_update().filter(email=email).first()
    if person is not None and person.email_verified_at is not None:
        make_password(password)  # as long as a new account takes
        _email(
            Notification.Kind.PARTNER_SIGN_UP_EXISTING,
            person,
            language=language,
            context={
                "login_url": _link_plain("partner_login", language),
                "reset_url": _link_plain("partner_password_reset_request", language),
            },
        )
        return
    if person is None:
        user = get_user_model().objects.create(
            username=f"partner-{get_random_string(20)}", email=email, is_staff=False
        )
        person = PartnerPerson.objects.create(user=user, email=email, language=language)
    # An unverified address signed up again: the latest sign-up's names and password win, and
    # the links sent before it stop working.
    user = person.user
    user.first_name, user.last_name = given_name, family_name
    user.set_password(password)
    user.save(update_fields=["first_name", "last_name", "password"])
    person.language = language
    person.save(update_fields=["language"])
    _email(
        Notification.Kind.PARTNER_EMAIL_VERIFICATION,
        person,
        language=language,
        context={"verify_url": verification_link(person), "hours": settings.PARTNER_EMAIL_LINK_HOURS},
    )


@transaction.atomic
def invited_person_create(
    *, email: str, password: str, given_name: str, family_name: str, language: str
) -> PartnerPerson:
    """An account made from an invitation's link: the link proved the address."""
    email = email_normalise(email)
    user = get_user_model().objects.create(
        username=f"partner-{get_random_string(20)}",
        email=email,
        first_name=given_name,
        last_name=family_name,
        is_staff=False,
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    return PartnerPerson.objects.create(
        user=user, email=email, language=language, email_verified_at=timezone.now()
    )


def _link_plain(view_name: str, language: str) -> str:
    with translation.override(language):
        return settings.PUBLIC_BASE_URL + reverse(view_name)


def verification_link_person(token: str) -> PartnerPerson | None:
    """The person a verification link names, while it is valid (not altered, expired or used)."""
    return _person_of_link(links.VERIFY_EMAIL, token, _verification_state)


@transaction.atomic
def person_email_verify(*, person: PartnerPerson) -> None:
    person.email_verified_at = timezone.now()
    person.save(update_fields=["email_verified_at"])


def person_verification_resend(*, person: PartnerPerson) -> None:
    """A person who signed in with the right password but never verified their address."""
    _email(
        Notification.Kind.PARTNER_EMAIL_VERIFICATION,
        person,
        language=person.language,
        context={"verify_url": verification_link(person), "hours": settings.PARTNER_EMAIL_LINK_HOURS},
    )


def person_authenticate(*, email: str, password: str) -> PartnerPerson | None:
    """The person with this address and password (verified or not), or None; as slow either way."""
    person = PartnerPerson.objects.select_related("user").filter(email=email_normalise(email)).first()
    if person is None:
        make_password(password)
        return None
    user = person.user
    if not user.check_password(password) or not user.is_active or user.is_staff:
        return None
    return person


def person_logged_in(*, person: PartnerPerson) -> None:
    person.user.last_login = timezone.now()
    person.user.save(update_fields=["last_login"])


@transaction.atomic
def password_reset_request(*, email: str, language: str) -> None:
    """A reset link to the address's owner; nothing, as fast, for an unknown address."""
    person = PartnerPerson.objects.select_related("user").filter(email=email_normalise(email)).first()
    if person is None or not person.user.is_active:
        return
    _email(
        Notification.Kind.PARTNER_PASSWORD_RESET,
        person,
        language=language,
        context={"reset_url": password_reset_link(person), "hours": settings.PARTNER_EMAIL_LINK_HOURS},
    )


def password_reset_link_person(token: str) -> PartnerPerson | None:
    return _person_of_link(links.RESET_PASSWORD, token, _reset_state)


@transaction.atomic
def person_password_set(*, person: PartnerPerson, password: str) -> None:
    """A new password (a reset proves the address too); other sessions end at their next page."""
    person.user.set_password(password)
    person.user.save(update_fields=["password"])
    if person.email_verified_at is None:
        person_email_verify(person=person)


def password_fingerprint(person: PartnerPerson) -> str:
    """What a partner session remembers of the password it was opened with (never the hash)."""
    return salted_hmac("partner_space.session", person.user.password, algorithm="sha256").hexdigest()[:32]


# --- The second factor (TOTP, django-otp) --------------------------------------------------------


def second_factor_device(person: PartnerPerson) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user_id=person.pk, confirmed=True).first()


@transaction.atomic
def second_factor_enrol_start(*, person: PartnerPerson) -> TOTPDevice:
    """A new, unconfirmed device (a previous unconfirmed one is dropped): its key is shown once,
    as a QR code, and it counts only once a code it makes is typed back."""
    TOTPDevice.objects.filter(user_id=person.pk, confirmed=False).delete()
    return TOTPDevice.objects.create(user_id=person.pk, name=DEVICE_NAME, confirmed=False)


def second_factor_pending(person: PartnerPerson) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user_id=person.pk, confirmed=False).first()


@transaction.atomic
def second_factor_confirm(*, device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user_id=device.user_id, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


@transaction.atomic
def second_factor_remove(*, person: PartnerPerson) -> None:
    TOTPDevice.objects.filter(user_id=person.pk).delete()
