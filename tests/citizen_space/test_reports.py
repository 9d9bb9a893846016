import pytest
from django.core import signing
from django.test import Client

from citizen_space.models import ConnectionReport
from franceconnect.federation.models import Connection, LoginPolicy
from notifications.models import Notification
from support.models import Ticket
from tests.citizen_space.space_fixtures import PORTAL, csrf_free_text
from tests.flow_fixtures import REDIRECT_URI

pytestmark = pytest.mark.django_db


@pytest.fixture
def connection(citizen, partner):
    citizen.log_in_at_provider(partner.authorize())
    assert citizen.confirm()["Location"].startswith(REDIRECT_URI)
    return Connection.objects.select_related("service_provider", "identity_provider").get()


def _shows_nothing_of(connection, answer) -> bool:
    """Neither the site nor the identity provider of the connection (the link itself names only
    its reference, which the e-mail shows too)."""
    html = csrf_free_text(answer)
    return connection.service_provider.name not in html and connection.identity_provider.name not in html


def _link_path(connection) -> str:
    """The link of the connection's security e-mail, as the e-mail carries it."""
    email = Notification.objects.get(connection=connection, kind=Notification.Kind.SECURITY_CONNECTION)
    assert email.context["report_url"].startswith(f"{PORTAL}/mon-espace/signalement/")
    return email.context["report_url"].removeprefix(PORTAL)


def _opened(browser, connection) -> str:
    path = _link_path(connection)
    assert browser.post(path)["Location"] == "/mon-espace/signalement/"
    return path


def test_the_link_asks_before_it_opens_and_shows_nothing_of_the_connection_yet(connection):
    browser = Client()

    page = browser.get(_link_path(connection))

    assert page.status_code == 200
    assert _shows_nothing_of(connection, page)
    assert not ConnectionReport.objects.exists()  # a mail scanner's visit uses nothing up


def test_the_opened_page_shows_the_connection(connection):
    browser = Client()
    _opened(browser, connection)

    page = browser.get("/mon-espace/signalement/")

    html = page.content.decode()
    assert page.status_code == 200
    assert connection.reference in html and "Site partenaire" in html and "Fournisseur factice" in html
    assert page.context["form"]["email"].value() == "angela.dubois@example.org"
    assert ConnectionReport.objects.get().connection == connection


def test_the_link_opens_once(connection):
    path = _opened(Client(), connection)
    again = Client()

    refused = again.get(path)
    also_refused = again.post(path)

    for answer in (refused, also_refused):
        assert answer.status_code == 410
        assert _shows_nothing_of(connection, answer)
    assert again.get("/mon-espace/signalement/").status_code == 400  # nothing open in that browser


def test_a_tampered_link_shows_nothing(connection):
    path = _link_path(connection)
    tampered = path.replace(connection.reference, "CX-AAAAAAAAAA")

    for answer in (Client().get(tampered), Client().post(tampered), Client().get(path[:-4] + "xyz/")):
        assert answer.status_code == 404
        assert "report_link_invalid" in answer.content.decode()
        assert _shows_nothing_of(connection, answer)


def test_an_expired_link_shows_nothing(connection, settings, monkeypatch):
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(1_000_000_000))
    signer = signing.TimestampSigner(salt="citizen_space.connection_report")
    expired = f"/mon-espace/signalement/{signer.sign(connection.reference)}/"
    monkeypatch.undo()

    answer = Client().get(expired)

    assert answer.status_code == 404 and _shows_nothing_of(connection, answer)


def test_the_report_opens_an_urgent_ticket_about_the_connection(
    connection, django_capture_on_commit_callbacks
):
    browser = Client()
    _opened(browser, connection)

    sent = browser.post(
        "/mon-espace/signalement/",
        {"name": "Angela Dubois", "email": "angela.dubois@example.org", "message": ""},
    )

    assert sent.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.priority == Ticket.Priority.URGENT and ticket.category == Ticket.Category.IDENTITY_THEFT
    assert ticket.connection_reference == connection.reference
    assert ticket.context["site"] == "Site partenaire"
    assert ConnectionReport.objects.get().ticket == ticket
    page = browser.get("/mon-espace/signalement/")
    assert ticket.reference in page.content.decode()
    # A second post makes no second ticket.
    browser.post("/mon-espace/signalement/", {"name": "A", "email": "a@example.org"})
    assert Ticket.objects.count() == 1


def test_the_ticket_form_says_what_is_missing(connection):
    browser = Client()
    _opened(browser, connection)

    refused = browser.post("/mon-espace/signalement/", {"name": "", "email": "not-an-address"})

    assert refused.status_code == 400 and len(refused.context["error_summary"]) == 2
    assert not Ticket.objects.exists()


def test_ending_every_session_stops_the_single_sign_on_of_another_browser(
    connection, citizen, partner, client
):
    # The browser that made the connection (``client``) is still under its single sign-on.
    browser = Client()
    _opened(browser, connection)

    ended = browser.post("/mon-espace/signalement/fin-des-sessions/")

    assert ended.status_code == 302
    assert LoginPolicy.objects.get().sessions_not_before is not None
    later = partner.authorize()  # the single sign-on still shows the confirmation screen…
    citizen.read_confirmation(later)
    refused = citizen.confirm()  # …but releases nothing: a new login is asked for
    assert refused.status_code == 302 and "/connexion/" in refused["Location"]
    assert "_auth_user_id" not in client.session
    assert Connection.objects.count() == 1
    assert ConnectionReport.objects.get().sessions_ended_at is not None


def test_blocking_the_provider_used_goes_through_signing_in_to_the_space(connection):
    browser = Client()
    _opened(browser, connection)

    page = browser.get("/mon-espace/signalement/")

    assert page.context["block_next"] == "/mon-espace/comptes/?bloquer=fake"
    assert 'name="suivant" value="/mon-espace/comptes/?bloquer=fake"' in page.content.decode()


def test_the_space_s_actions_refuse_a_request_from_another_site(connection):
    """Every action of the space is a POST with Django's CSRF check: a page elsewhere cannot end
    someone's sessions, open their report link or start a sign-in on their behalf."""
    browser = Client(enforce_csrf_checks=True)

    for path in (
        "/mon-espace/connexion/",
        "/mon-espace/deconnexion/",
        "/mon-espace/signalement/fin-des-sessions/",
    ):
        assert browser.post(path).status_code == 403, path
    assert browser.post(_link_path(connection)).status_code == 403
    assert not ConnectionReport.objects.exists()
    assert not LoginPolicy.objects.filter(sessions_not_before__isnull=False).exists()
