import html
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.utils import timezone

from notifications.models import Notification
from support.models import Ticket, TicketMessage
from support.prefill import contact_url

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Angela Dubois",
    "email": "angela@example.org",
    "category": "cannot_connect",
    "connection_reference": "",
    "message": "Je n'arrive pas à me connecter depuis ce matin.",
    "website": "",
}


def page(response) -> str:
    return html.unescape(response.content.decode())


def test_a_request_becomes_a_ticket_with_its_reference_and_an_acknowledgement(client):
    response = client.post("/contact/", FORM, follow=True)

    ticket = Ticket.objects.get()
    assert ticket.reference == f"DS-{timezone.now():%Y}-{ticket.pk:06d}"  # DS: « demande de support »
    assert ticket.reference in page(response)
    assert ticket.status == Ticket.Status.NEW and ticket.priority == Ticket.Priority.NORMAL
    assert ticket.messages.get().body == FORM["message"]
    notification = Notification.objects.get(kind=Notification.Kind.SUPPORT_ACKNOWLEDGEMENT)
    assert (
        notification.recipient == "angela@example.org"
        and notification.context["reference"] == ticket.reference
    )


def test_someone_used_my_identity_is_urgent(client):
    client.post("/contact/", {**FORM, "category": "identity_theft"})

    assert Ticket.objects.get().priority == Ticket.Priority.URGENT


def test_a_signed_link_prefills_category_reference_and_context(client):
    url = contact_url(
        category="identity_theft",
        reference="FC-AB12CD34EF",
        site="Site A",
        identity_provider="ameli.fr",
        error="cancelled",
    )

    response = client.get(url)

    form = response.context["form"]
    assert form.initial == {"category": "identity_theft", "connection_reference": "FC-AB12CD34EF"}
    assert "Code d'erreur : cancelled" in page(response) and "Site A" in page(response)
    token = parse_qs(urlsplit(url).query)["p"][0]
    client.post("/contact/", {**FORM, "p": token})
    assert Ticket.objects.get().context == {
        "error": "cancelled",
        "site": "Site A",
        "identity_provider": "ameli.fr",
    }


def test_a_tampered_link_prefills_nothing(client):
    token = parse_qs(urlsplit(contact_url(category="identity_theft", reference="FC-AB12CD34EF")).query)["p"][
        0
    ]
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")

    response = client.get("/contact/", {"p": tampered})

    assert response.status_code == 200
    assert response.context["form"].initial == {"category": "", "connection_reference": ""}
    assert response.context["prefill"] == {}


def test_an_expired_link_prefills_nothing(client, monkeypatch):
    token = parse_qs(urlsplit(contact_url(category="identity_theft")).query)["p"][0]
    later = timezone.now() + timedelta(days=91)
    monkeypatch.setattr("django.core.signing.time.time", lambda: later.timestamp())

    assert client.get("/contact/", {"p": token}).context["prefill"] == {}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Indiquez votre nom."),
        ({"email": ""}, "email", "Indiquez votre adresse électronique."),
        ({"email": "pas-une-adresse"}, "email", "Indiquez votre adresse électronique sous la forme"),
        ({"category": "nothing"}, "category", "Choisissez ce que concerne votre demande."),
        (
            {"message": "court"},
            "message",
            "Votre message doit compter au moins 10 caractères (il en compte 5).",
        ),
        ({"message": "x" * 5001}, "message", "Votre message peut compter au plus 5000 caractères"),
        ({"connection_reference": "not-a-ref"}, "connection_reference", "par exemple CX-7KQ2M9PZ4T"),
        ({"name": "n" * 151}, "name", "Votre nom peut compter au plus 150 caractères"),
    ],
)
def test_bad_input_gets_a_clear_error_next_to_its_field(client, changes, field, message):
    response = client.post("/contact/", {**FORM, **changes})

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "Le formulaire contient 1 erreur" in page(response)
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("language", ["fr", "en", "ru"])
def test_each_error_names_its_field_with_the_labels_words(language):
    """The summary at the top lists errors without their fields: each must say which one it is."""
    from django.utils import translation

    from support.forms import ContactForm

    with translation.override(language):
        form = ContactForm({"email": "pas-une-adresse", "message": "court", "connection_reference": "x"})
        labels = {name: str(field.label).lower() for name, field in form.fields.items()}
        errors = {name: " ".join(messages).lower() for name, messages in form.errors.items()}

    for name, words in {
        "name": {"fr": "votre nom", "en": "your name", "ru": "имя"},
        "email": {
            "fr": "votre adresse électronique",
            "en": "your e-mail address",
            "ru": "адрес электронной почты",
        },
        "message": {"fr": "votre message", "en": "your message", "ru": "сообщение"},
        "connection_reference": {
            "fr": "référence de connexion",
            "en": "login reference",
            "ru": "номер входа",
        },
    }.items():
        assert words[language] in labels[name] and words[language] in errors[name], (name, labels, errors)


def test_the_error_summary_comes_first_links_each_field_and_takes_the_focus(client):
    response = client.post("/contact/", {**FORM, "name": "", "message": "court"})

    content = response.content.decode()
    summary = content[
        content.index('id="form-summary"') : content.index("</ul>", content.index('id="form-summary"'))
    ]
    assert 'tabindex="-1" autofocus data-focus-on-load' in summary
    assert content.index('id="form-summary"') < content.index("<form")
    assert '<a href="#id_name">Indiquez votre nom.</a>' in summary
    assert 'href="#id_message"' in summary and 'href="#id_email"' not in summary
    assert "Le formulaire contient 2 erreurs" in html.unescape(summary)
    assert "<title>Erreur — Nous contacter" in content
    assert "/static/portal/focus-on-load.js" in content  # for browsers that ignore autofocus there
    # What was typed is still there.
    assert response.context["form"]["email"].value() == FORM["email"]


def test_a_request_reference_typed_as_a_connection_reference_is_explained(client):
    response = client.post("/contact/", {**FORM, "connection_reference": "ds-2026-000042"})

    assert "DS-2026-000042 est la référence d'une demande à l'assistance" in page(response)


@pytest.mark.parametrize("reference", ["CX-7KQ2M9PZ4T", "fc-ab23cd45ef", " FC-AB23CD45EF "])
def test_new_and_old_connection_references_are_accepted(client, reference):
    assert client.post("/contact/", {**FORM, "connection_reference": reference}).status_code == 302

    assert Ticket.objects.get().connection_reference == reference.strip().upper()


def test_the_honeypot_refuses_automatic_submissions(client):
    response = client.post("/contact/", {**FORM, "website": "http://spam.example"})

    assert response.status_code == 200
    assert "rempli automatiquement" in page(response)  # in the summary: the field itself is hidden
    assert not Ticket.objects.exists()


def test_html_is_escaped_everywhere(client, admin_client):
    client.post(
        "/contact/", {**FORM, "name": "<script>alert(1)</script>", "message": "<b>gras</b> et <img src=x>"}
    )
    ticket = Ticket.objects.get()

    admin_page = admin_client.get(f"/admin/support/ticket/{ticket.pk}/change/").content.decode()

    assert "<script>alert(1)</script>" not in admin_page and "&lt;script&gt;" in admin_page
    assert "<img src=x>" not in admin_page


def test_the_form_is_csrf_protected(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)

    assert strict.post("/contact/", FORM).status_code == 403


def test_the_form_speaks_english_and_russian(client):
    assert "Contact us" in client.get("/en/contact/").content.decode()
    assert "Свяжитесь с нами" in client.get("/ru/contact/").content.decode()


def test_the_confirmation_page_needs_a_request_first(client):
    assert client.get("/contact/envoye/")["Location"] == "/contact/"


def test_error_pages_lead_to_the_contact_form_prefilled(client):
    response = client.get("/nowhere")
    link = next(line for line in response.content.decode().splitlines() if "/contact/?p=" in line)
    token = parse_qs(urlsplit(html.unescape(link.split('href="')[1].split('"')[0])).query)["p"][0]

    assert signing.loads(token, salt="support.contact.prefill")["error"] == "404"


def test_the_ticket_message_is_kept_before_any_email_is_tried(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post("/contact/", FORM)

    assert Ticket.objects.exists() and TicketMessage.objects.exists()
    assert len(callbacks) == 1  # the acknowledgement is only queued once the ticket is committed
