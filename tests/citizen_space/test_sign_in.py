import pytest

from citizen_space import session
from citizen_space.sign_in import SPACE_CLIENT_ID
from franceconnect.federation.models import Connection, ServiceProvider
from notifications.models import Notification
from tests.citizen_space.space_fixtures import follow_return, space_sign_in
from tests.flow_fixtures import query_of

pytestmark = pytest.mark.django_db


def test_the_space_shows_its_front_page_to_someone_not_signed_in(client):
    page = client.get("/mon-espace/")

    assert page.status_code == 200
    assert "citizen_space/front.html" in {template.name for template in page.templates}
    html = page.content.decode()
    assert 'action="/mon-espace/connexion/"' in html and 'name="suivant" value="/mon-espace/"' in html


def test_signing_in_goes_through_the_federation_as_a_partner_site_of_the_portal(client, citizen):
    back = space_sign_in(client, citizen)

    landed = follow_return(client, back)
    assert landed.status_code == 302 and landed["Location"] == "/mon-espace/"
    page = client.get("/mon-espace/")
    html = page.content.decode()
    assert "citizen_space/history.html" in {template.name for template in page.templates}
    assert "Angela Claire Louise DUBOIS" in html and "Fournisseur factice" in html
    # The space's own login is a connection like any other: recorded, with its security e-mail.
    space_site = ServiceProvider.objects.get(client_id=SPACE_CLIENT_ID)
    connection = Connection.objects.get(service_provider=space_site)
    assert set(connection.claims) == {"sub", "given_name", "family_name", "email", "given_name_array"}
    assert Notification.objects.filter(connection=connection, kind="security_connection").exists()
    assert connection.reference in html  # the history lists it


def test_the_page_asked_for_is_the_one_reached_after_signing_in(client, citizen):
    back = space_sign_in(client, citizen, next_path="/en/mon-espace/comptes/")

    assert follow_return(client, back)["Location"] == "/en/mon-espace/comptes/"


@pytest.mark.parametrize("next_path", ["https://evil.example/", "//evil.example/mon-espace/", "/admin/"])
def test_signing_in_never_leads_off_the_space(client, citizen, next_path):
    back = space_sign_in(client, citizen, next_path=next_path)

    assert follow_return(client, back)["Location"] == "/mon-espace/"


def test_an_answer_is_used_once(client, citizen):
    back = space_sign_in(client, citizen)
    assert follow_return(client, back).status_code == 302

    replayed = follow_return(client, back)

    assert replayed.status_code == 400
    assert "space_sign_in_unknown" in replayed.content.decode()


def test_an_answer_with_an_unknown_state_opens_nothing(client, citizen):
    back = space_sign_in(client, citizen)
    answer = query_of(back["Location"])

    forged = client.get("/mon-espace/retour/", {"code": answer["code"], "state": "x" * 43})

    assert forged.status_code == 400
    assert session.SPACE_KEY not in client.session


def test_a_code_issued_to_another_site_does_not_open_the_space(client, citizen, partner):
    start = client.post("/mon-espace/connexion/")
    space_state = query_of(start["Location"])["state"]
    citizen.log_in_at_provider(partner.authorize())
    site_code = query_of(citizen.confirm()["Location"])["code"]

    answer = client.get("/mon-espace/retour/", {"code": site_code, "state": space_state})

    assert answer.status_code == 400 and "space_sign_in_failed" in answer.content.decode()
    assert session.SPACE_KEY not in client.session
    assert partner.token(site_code).status_code == 200  # and the site's code still works for the site


def test_cancelling_at_the_confirmation_screen_comes_back_to_the_space(client, citizen):
    start = client.post("/mon-espace/connexion/")
    citizen.log_in_at_provider(client.get(start["Location"]))
    cancelled = client.post(citizen.confirmation_path, {"cancel": ""})
    assert cancelled["Location"].startswith("http://127.0.0.1:8000/mon-espace/retour/?error=access_denied")

    back = client.get(cancelled["Location"].removeprefix("http://127.0.0.1:8000"))

    assert back.status_code == 302 and back["Location"] == "/mon-espace/"
    assert session.SPACE_KEY not in client.session


def test_the_space_closes_after_its_idle_time(client, citizen, settings, monkeypatch):
    follow_return(client, space_sign_in(client, citizen))
    opened = client.session[session.SPACE_KEY]["last_seen"]
    monkeypatch.setattr(session, "time", lambda: opened + settings.CITIZEN_SPACE_IDLE_SECONDS + 1)

    page = client.get("/mon-espace/")

    assert "citizen_space/front.html" in {template.name for template in page.templates}
    assert [str(message) for message in page.context["messages"]]  # « Votre espace a été fermé… »
    assert session.SPACE_KEY not in client.session


def test_signing_out_ends_the_space_and_the_single_sign_on(client, citizen):
    follow_return(client, space_sign_in(client, citizen))

    out = client.post("/mon-espace/deconnexion/")

    assert out.status_code == 302  # to the identity provider's logout, then « Vous êtes déconnecté »
    assert session.SPACE_KEY not in client.session
    assert "citizen_space/front.html" in {t.name for t in client.get("/mon-espace/").templates}


def test_a_deactivated_space_site_closes_the_space(client, citizen):
    client.post("/mon-espace/connexion/")
    ServiceProvider.objects.filter(client_id=SPACE_CLIENT_ID).update(is_active=False)

    refused = client.post("/mon-espace/connexion/")

    assert refused.status_code == 503 and "space_closed" in refused.content.decode()


def test_a_suspension_closes_the_space(client, citizen, django_user_model):
    from franceconnect.federation.models import User
    from franceconnect.federation.suspension import account_suspend

    follow_return(client, space_sign_in(client, citizen))
    operator = django_user_model.objects.create_user("operator-1", is_staff=True)
    account_suspend(
        account=User.objects.get(account_key__isnull=False), operator=operator, reason="Usurpation"
    )

    page = client.get("/mon-espace/")

    assert "citizen_space/front.html" in {template.name for template in page.templates}
    assert session.SPACE_KEY not in client.session
