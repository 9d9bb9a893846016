"""The identity register's four answers at the identity provider's callback, each acted on:
found goes on, not found and deceased are refused with their pages and recorded, corrected goes on
with the register's identity, shown, sent to the site and keyed on."""

import html
import re

import jwt
import pytest

from demo.identity_register import DemoIdentityRegister
from franceconnect.federation.identity_register import DECEASED, FOUND, NOT_FOUND, corrected
from franceconnect.federation.models import Connection, RefusedLogin, User
from identity_providers.pivot import PivotIdentity
from service_statistics.models import LoginStop
from tests.flow_fixtures import REDIRECT_URI, query_of
from tests.identity_providers.fake_provider import VALID_IDENTITY

pytestmark = pytest.mark.django_db

REGISTER_IDENTITY = PivotIdentity(**{**VALID_IDENTITY, "email": "", "preferred_username": ""})


@pytest.fixture
def register_answers(monkeypatch):
    """A fake register: the answer for each family name it is asked about (FOUND otherwise)."""
    answers = {}
    monkeypatch.setattr(
        DemoIdentityRegister, "check", lambda self, identity: answers.get(identity.family_name, FOUND)
    )
    return answers


def _tokens(partner, back) -> tuple[dict, dict]:
    token = partner.token(query_of(back["Location"])["code"]).json()
    id_token = jwt.decode(token["id_token"], options={"verify_signature": False})
    userinfo = jwt.decode(
        partner.userinfo(token["access_token"]).content, options={"verify_signature": False}
    )
    return id_token, userinfo


def _way_back(page) -> str:
    return re.search(r'href="(/connexion/[A-Za-z0-9]{32}/annuler/[^"]*)"', page.content.decode()).group(1)


def test_not_found_is_refused_and_recorded_without_an_account(partner, citizen, register_answers):
    register_answers["DUBOIS"] = NOT_FOUND

    page = citizen.log_in_at_provider(partner.authorize())

    assert page.status_code == 403 and "identity_not_verified" in page.content.decode()
    refusal = RefusedLogin.objects.get()
    assert refusal.cause == "not_found" and refusal.account is None
    assert refusal.service_provider == partner.service_provider and refusal.identity_provider.slug == "fake"
    assert not User.objects.filter(account_key__isnull=False).exists()


def test_a_deceased_identity_gets_its_own_page_and_the_site_access_denied(partner, citizen, register_answers):
    register_answers["DUBOIS"] = DECEASED

    page = citizen.log_in_at_provider(partner.authorize())

    assert page.status_code == 403
    text = html.unescape(page.content.decode())
    assert "Cette identité ne peut pas être utilisée pour se connecter" in text
    assert "identity_deceased" in text and "Revenir sur Site partenaire" in text
    assert "/contact/?p=" in text
    assert not Connection.objects.exists() and not User.objects.filter(account_key__isnull=False).exists()
    assert RefusedLogin.objects.get().cause == "deceased"
    assert list(LoginStop.objects.values_list("step", "code")) == [("identity_check", "identity_deceased")]

    back = citizen.client.get(_way_back(page))

    assert back.status_code == 302 and back["Location"].startswith(REDIRECT_URI + "?")
    answer = query_of(back["Location"])
    assert answer["error"] == "access_denied" and answer["state"] == partner.state
    assert "code" not in answer


def test_a_deceased_identity_refusal_names_the_account_it_had(partner, citizen, register_answers):
    citizen.log_in_at_provider(partner.authorize())
    citizen.confirm()
    account = User.objects.get(account_key__isnull=False)
    citizen.client.post("/se-deconnecter/")
    register_answers["DUBOIS"] = DECEASED

    citizen.log_in_at_provider(partner.authorize())

    assert RefusedLogin.objects.get().account == account


def test_a_corrected_identity_is_the_one_shown_sent_and_keyed_on(
    partner, citizen, fake_provider, register_answers
):
    # The person's first login, through a provider that spells them as the register does.
    citizen.log_in_at_provider(partner.authorize())
    id_token_found, _userinfo = _tokens(partner, citizen.confirm())
    citizen.client.post("/se-deconnecter/")
    # Then through a provider that misspelled the surname: the register corrects it.
    fake_provider.identity["family_name"] = "DUBOYS"
    register_answers["DUBOYS"] = corrected(REGISTER_IDENTITY)

    confirmation = citizen.log_in_at_provider(partner.authorize())

    shown = html.unescape(confirmation.content.decode())
    assert "Bienvenue Angela Claire Louise DUBOIS" in shown and "DUBOYS" not in shown
    assert "registre des personnes" in shown  # says where the identity comes from
    id_token, userinfo = _tokens(partner, citizen.confirm())
    assert id_token["sub"] == id_token_found["sub"] == userinfo["sub"]
    assert userinfo["family_name"] == "DUBOIS" and userinfo["given_name"] == "Angela Claire Louise"
    # The e-mail address stays the identity provider's: the register holds none.
    assert userinfo["email"] == "angela.dubois@example.org"
    assert "DUBOYS" not in str(id_token)
    assert User.objects.filter(account_key__isnull=False).count() == 1
    assert Connection.objects.count() == 2 and not RefusedLogin.objects.exists()


def test_the_demo_register_answers_each_status_for_its_citizens():
    from demo.citizens import CITIZENS, PIVOT_FIELDS, as_held_by

    register = DemoIdentityRegister()

    def status(username, provider):
        person = as_held_by(next(p for p in CITIZENS if p["username"] == username), provider)
        return register.check(PivotIdentity(**{field: person[field] for field in PIVOT_FIELDS}))

    assert status("angela.dubois", "impots") == FOUND
    assert status("lucas.inconnu", "impots") == NOT_FOUND
    assert status("suzanne.legrand", "impots") == DECEASED
    assert status("etienne.rousseau", "impots") == FOUND
    misspelled = status("etienne.rousseau", "ameli")
    assert misspelled.status == "corrected" and misspelled.corrected.family_name == "ROUSSEAU"


def test_a_register_answer_is_typed_and_a_correction_keeps_the_providers_email():
    from franceconnect.federation.identity_register import RegisterAnswer

    assert RegisterAnswer("deceased") == DECEASED  # a register may answer with the plain word
    with pytest.raises(ValueError):
        RegisterAnswer("found", corrected=REGISTER_IDENTITY)
    with pytest.raises(ValueError):
        RegisterAnswer("corrected")
    sent = PivotIdentity(**{**VALID_IDENTITY, "family_name": "DUBOYS"})

    assert FOUND.identity_for_sites(sent) is sent
    kept = corrected(REGISTER_IDENTITY).identity_for_sites(sent)
    assert kept.family_name == "DUBOIS" and kept.email == sent.email
    assert kept.preferred_username == sent.preferred_username
