"""What the security e-mail says: a plain-text subject, French typography, the provider's own
password page when the registry knows it, short links, and references told apart from tickets."""

import email
import email.policy
import re

import pytest
from django.core import mail
from django.db import transaction

from franceconnect.federation.report_links import report_link_reference
from franceconnect.federation.services import citizen_get_or_create, connection_record_create
from identity_providers.models import IdentityProvider
from notifications.delivery import notification_deliver
from notifications.models import Notification
from notifications.rendering import notification_render, subject_render

pytestmark = pytest.mark.django_db

IDENTITY = {
    "given_name": "Angela Claire Louise",
    "family_name": "DUBOIS",
    "email": "angela.dubois@example.org",
}


@pytest.fixture
def provider(db):
    return IdentityProvider.objects.create(
        slug="impots", name="impots.gouv.fr", discovery_url="https://idp.example/.well-known", client_id="x"
    )


def _security_email(site, provider, *, language="fr", site_name=None) -> Notification:
    service_provider, _secret = site
    if site_name is not None:
        service_provider.name = site_name
        service_provider.save()
    with transaction.atomic():
        connection = connection_record_create(
            citizen=citizen_get_or_create(pivot="a" * 64),
            service_provider=service_provider,
            identity_provider_id=provider.pk,
            identity_provider_name=provider.name,
            acr="eidas1",
            claims=["sub"],
            identity=IDENTITY,
            language=language,
            sso_session=f"sso-{Notification.objects.count()}",
        )
    return connection.notifications.get()


def _sent(notification):
    mail.outbox.clear()
    assert notification_deliver(notification_id=notification.pk) == Notification.Status.SENT
    # As a mail reader gets it: the bytes on the wire, parsed with the headers decoded.
    return email.message_from_bytes(mail.outbox[0].message().as_bytes(), policy=email.policy.default)


@pytest.mark.parametrize(
    "site_name",
    ["Caisse d'allocations familiales", "A <b>B</b> & C", "Impôts & taxes <Paris>"],
)
def test_the_subject_is_plain_text_and_the_html_part_still_escapes(site, provider, site_name):
    message = _sent(_security_email(site, provider, site_name=site_name))

    assert message["Subject"].strip() == f"Connexion à {site_name} avec FranceConnect"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f"Site\u00a0: {site_name}" in text
    escaped = site_name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#x27;")
    assert escaped in html and site_name not in html.replace(escaped, "")


def test_a_name_with_line_breaks_cannot_add_a_header(site, provider):
    message = _sent(_security_email(site, provider, site_name="Site\r\nBcc: victim@example.org\u2028x"))

    assert message["Bcc"] is None and mail.outbox[0].bcc == []
    assert message["Subject"].strip() == "Connexion à Site Bcc: victim@example.org x avec FranceConnect"


def test_subjects_keep_non_breaking_spaces_and_collapse_the_rest():
    from django.utils import translation

    with translation.override("en"):
        rendered = subject_render(
            "notifications/email/support_acknowledgement_subject.txt",
            {"reference": "DS-2026\u00a0000001\t \n"},
        )

    assert rendered == "We have received your request DS-2026\u00a0000001"


def test_the_french_text_part_follows_french_typography(site, provider):
    _subject, text, _html = notification_render(_security_email(site, provider))

    for label in ("Date", "Site", "Compte utilisé", "Référence de la connexion"):
        assert f"- {label}\u00a0: " in text
    assert "Si ce n’était pas vous, quelqu’un utilise peut-être votre identité\u00a0:" in text
    assert "Ouvrez cette page pour nous le signaler" in text
    prose = text.replace(IDENTITY["email"], "")
    assert not re.search(r" [:;!?»]|« ", prose), "ordinary spaces where French puts non-breaking ones"
    assert "'" not in prose, "straight apostrophes in French prose"


def test_the_providers_password_page_when_the_registry_knows_it(site, provider):
    provider.password_change_url = "https://cfspart.impots.gouv.fr/monprofil-webapp/connexion"
    provider.save()

    _subject, text, html = notification_render(_security_email(site, provider))

    assert (
        "1. Changez immédiatement votre mot de passe sur impots.gouv.fr\u00a0:\n"
        "   https://cfspart.impots.gouv.fr/monprofil-webapp/connexion\n" in text
    )
    assert 'href="https://cfspart.impots.gouv.fr/monprofil-webapp/connexion"' in html


def test_general_advice_when_the_registry_has_no_password_page(site, provider):
    _subject, text, html = notification_render(_security_email(site, provider))

    advice = "Changez immédiatement le mot de passe de votre compte impots.gouv.fr, directement sur le site de ce fournisseur."
    assert f"1. {advice}" in text and advice in html
    assert "https://cfspart" not in text


def test_the_password_page_is_read_when_the_email_is_written(site, provider, django_assert_num_queries):
    notification = _security_email(site, provider)
    IdentityProvider.objects.filter(pk=provider.pk).update(password_change_url="https://idp.example/mdp")

    with django_assert_num_queries(1):  # one read, by the worker: the login never waits for it
        _subject, text, _html = notification_render(notification)

    assert "https://idp.example/mdp" in text


def test_the_password_page_must_be_https(provider):
    from django.core.exceptions import ValidationError

    provider.client_secret = "s"
    provider.password_change_url = "http://idp.example/password"
    with pytest.raises(ValidationError) as refused:
        provider.full_clean()
    assert "password_change_url" in refused.value.message_dict


def test_the_report_link_is_signed_names_the_connection_and_stands_on_its_own_line(site, provider):
    notification = _security_email(site, provider)
    _subject, text, html = notification_render(notification)
    reference = notification.connection.reference

    link = notification.context["report_url"]
    assert link.startswith(f"http://127.0.0.1:8000/mon-espace/signalement/{reference}:")
    assert (
        report_link_reference(link.removeprefix("http://127.0.0.1:8000/mon-espace/signalement/")[:-1])
        == reference
    )
    # Alone on its line in the plain text, so that a mail reader keeps it whole and clickable.
    assert f"\n   {link}\n" in text and f'href="{link}"' in html
    assert max(len(line) for line in text.splitlines() if link not in line) <= 120


def test_connection_references_are_told_apart_from_ticket_references(site, provider):
    reference = _security_email(site, provider).connection.reference

    assert re.fullmatch(r"CX-[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{10}", reference)


def test_the_english_email_has_the_same_content(site, provider):
    provider.password_change_url = "https://idp.example/password"
    provider.save()

    subject, text, _html = notification_render(
        _security_email(site, provider, language="en", site_name="A & B")
    )

    assert subject == "You logged in to A & B with FranceConnect"
    assert "- Site: A & B" in text
    assert "1. Change your impots.gouv.fr password now:\n   https://idp.example/password" in text
