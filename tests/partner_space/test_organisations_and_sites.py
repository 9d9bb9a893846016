"""Organisations, roles and invitations; a person reaches only their organisations' sites; sandbox
sites in one step; configuration and its versions; SIRET and address checks."""

import pytest
from django.core.exceptions import ValidationError

from franceconnect.federation.models import ServiceProvider
from franceconnect.federation.services import service_provider_register
from notifications.models import Notification
from partner_space.models import Membership, PartnerPerson, Role, SiteConfigurationVersion
from partner_space.services import organisation_create
from partner_space.siret import siret_is_valid
from partner_space.uris import uris_parse
from tests.partner_space.conftest import SITE_FORM, link_in, log_in, member_add, person_make

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("siret", "valid"),
    [
        ("13002526500013", True),
        ("130 025 265 00013", True),
        ("13002526500014", False),
        ("1300252650001", False),
        ("1300252650001A", False),
        ("35600000000048", True),  # La Poste's head office
        ("35600000012346", True),  # La Poste: digits summing to a multiple of 5
    ],
)
def test_siret_checksum(siret, valid):
    assert siret_is_valid(siret) is valid


def test_creating_an_organisation_makes_its_creator_administrator(logged_in, person):
    response = logged_in.post(
        "/partenaires/organisations/nouvelle/", {"name": "Mairie", "siret": "130 025 265 00013"}
    )

    assert response.status_code == 302
    membership = Membership.objects.get(person=person)
    assert membership.role == Role.ADMINISTRATOR and membership.organisation.siret == "13002526500013"


def test_a_wrong_siret_is_refused_with_its_field_named(logged_in):
    response = logged_in.post(
        "/partenaires/organisations/nouvelle/", {"name": "Mairie", "siret": "13002526500014"}
    )

    assert response.status_code == 400
    assert response.context["error_summary"][0][0] == "id_siret"


def test_a_sandbox_site_is_created_at_once_and_its_secret_shown_once(logged_in, organisation):
    response = logged_in.post(f"/partenaires/organisations/{organisation.pk}/sites/nouveau/", SITE_FORM)
    site = ServiceProvider.objects.get(organisation=organisation)

    assert response["Location"] == f"/partenaires/sites/{site.pk}/"
    assert site.is_sandbox and site.allowed_scopes == "openid identite_pivot email"
    first = logged_in.get(response["Location"])
    secret = first.context["secret"]
    assert secret and secret in first.content.decode()
    assert site.client_id in first.content.decode()
    assert not site.client_secret.startswith(secret[:8]) and site.client_secret.startswith(
        "fc_client_secret_sha256$"
    )
    second = logged_in.get(response["Location"])
    assert second.context["secret"] is None and secret not in second.content.decode()


def test_another_organisations_site_answers_404_whatever_the_page(client, sandbox_site):
    stranger = person_make("autre@ailleurs.example")
    organisation_create(person=stranger, name="Autre organisation")
    operators_site, _secret = service_provider_register(
        name="Site d'un opérateur",
        redirect_uris=["https://op.example/cb"],
        post_logout_redirect_uris=[],
        algorithm="ES256",
        scopes=["openid"],
    )
    client.logout()
    log_in(client, stranger)

    for site_id in (sandbox_site.pk, operators_site.pk, 999999):
        assert client.get(f"/partenaires/sites/{site_id}/").status_code == 404
        assert client.get(f"/partenaires/sites/{site_id}/configuration/").status_code == 404
        assert client.get(f"/partenaires/sites/{site_id}/versions/").status_code == 404
        assert client.post(f"/partenaires/sites/{site_id}/secret/").status_code == 404
    assert (
        client.get(f"/partenaires/organisations/{sandbox_site.organisation_id}/membres/").status_code == 404
    )


def _colleague(client, organisation, role):
    colleague = person_make(f"{role}@partenaire.example")
    member_add(organisation, colleague, role)
    from django.test import Client

    browser = Client()
    log_in(browser, colleague)
    return browser


def test_a_reader_sees_but_cannot_change(organisation, sandbox_site, client):
    reader = _colleague(client, organisation, Role.READER)

    assert reader.get(f"/partenaires/sites/{sandbox_site.pk}/").status_code == 200
    assert reader.get(f"/partenaires/sites/{sandbox_site.pk}/configuration/").status_code == 403
    assert reader.post(f"/partenaires/sites/{sandbox_site.pk}/configuration/", SITE_FORM).status_code == 403
    assert reader.post(f"/partenaires/sites/{sandbox_site.pk}/secret/").status_code == 403
    assert (
        reader.post(f"/partenaires/organisations/{organisation.pk}/sites/nouveau/", SITE_FORM).status_code
        == 403
    )


def test_a_developer_configures_but_only_administrators_invite(organisation, sandbox_site, client):
    developer = _colleague(client, organisation, Role.DEVELOPER)

    changed = developer.post(
        f"/partenaires/sites/{sandbox_site.pk}/configuration/", {**SITE_FORM, "name": "Nouveau nom"}
    )
    assert changed.status_code == 302
    invite = developer.post(
        f"/partenaires/organisations/{organisation.pk}/membres/", {"email": "x@example.fr", "role": "reader"}
    )
    assert invite.status_code == 403
    assert not Notification.objects.filter(kind=Notification.Kind.PARTNER_INVITATION).exists()


def test_an_invitation_makes_an_account_and_a_membership_once(logged_in, organisation, client):
    sent = logged_in.post(
        f"/partenaires/organisations/{organisation.pk}/membres/",
        {"email": "nouvelle@partenaire.example", "role": "developer"},
    )
    assert sent.status_code == 302
    path = link_in(Notification.objects.get(kind=Notification.Kind.PARTNER_INVITATION), "invitation_url")
    from django.test import Client

    invited = Client()
    assert invited.get(path).status_code == 200
    joined = invited.post(
        path, {"given_name": "Inès", "family_name": "N'Diaye", "password": "a-Good-long-passphrase-31"}
    )

    assert joined.status_code == 302
    person = PartnerPerson.objects.get(email="nouvelle@partenaire.example")
    assert person.email_verified_at is not None  # the link proved the address
    assert Membership.objects.get(person=person).role == Role.DEVELOPER
    assert Client().get(path).status_code == 404  # once


def test_an_invitation_for_an_existing_account_asks_to_log_in_with_it(logged_in, organisation):
    other = person_make("collegue@partenaire.example")
    logged_in.post(
        f"/partenaires/organisations/{organisation.pk}/membres/", {"email": other.email, "role": "reader"}
    )
    path = link_in(Notification.objects.get(kind=Notification.Kind.PARTNER_INVITATION), "invitation_url")
    from django.test import Client

    browser = Client()
    assert "partner_space/invitation_log_in.html" in [t.name for t in browser.get(path).templates]
    log_in(browser, other)
    assert browser.post(path).status_code == 302
    assert Membership.objects.get(person=other).role == Role.READER


def test_every_change_is_a_version_with_its_author_and_diff(logged_in, person, sandbox_site):
    logged_in.post(
        f"/partenaires/sites/{sandbox_site.pk}/configuration/",
        {**SITE_FORM, "name": "Nouveau nom", "consent_required": "on"},
    )
    logged_in.post(
        f"/partenaires/sites/{sandbox_site.pk}/configuration/",
        {**SITE_FORM, "name": "Nouveau nom", "consent_required": "on"},
    )
    logged_in.post(f"/partenaires/sites/{sandbox_site.pk}/secret/")

    versions = list(SiteConfigurationVersion.objects.filter(site=sandbox_site).order_by("number"))
    assert [version.event for version in versions] == ["created", "configured", "secret_renewed"]
    assert all(version.author == person for version in versions)
    assert versions[0].configuration["redirect_uris"] == SITE_FORM["redirect_uris"].split("\n")
    assert versions[1].changes == {
        "name": {"before": "Mon service en ligne", "after": "Nouveau nom"},
        "consent_required": {"before": False, "after": True},
    }
    assert versions[1].configuration["environment"] == "sandbox"
    history = sandbox_site.history.order_by("history_date").last()
    assert history.history_user == person.user  # the site's audit trail names the partner
    page = logged_in.get(f"/partenaires/sites/{sandbox_site.pk}/versions/")
    assert page.status_code == 200 and "Nouveau nom" in page.content.decode()


@pytest.mark.parametrize(
    ("uri", "sandbox", "accepted"),
    [
        ("https://site.example/callback", False, True),
        ("https://site.example/callback?from=fc", False, True),
        ("http://site.example/callback", False, False),
        ("http://localhost:8080/callback", False, False),
        ("http://localhost:8080/callback", True, True),
        ("http://127.0.0.1/callback", True, True),
        ("http://[::1]:3000/cb", True, True),
        ("http://site.example/callback", True, False),
        ("https://site.example/callback#fragment", True, False),
        ("https://*.site.example/callback", True, False),
        ("https://user:pass@site.example/callback", True, False),
        ("/callback", True, False),
        ("site.example/callback", True, False),
        ("javascript:alert(1)", True, False),
        ("https://site.example:99999/cb", True, False),
        ("https://site.example/" + "a" * 500, True, False),
    ],
)
def test_redirect_uri_rules(uri, sandbox, accepted):
    if accepted:
        assert uris_parse(uri, sandbox=sandbox, required=True) == [uri]
    else:
        with pytest.raises(ValidationError):
            uris_parse(uri, sandbox=sandbox, required=True)


def test_redirect_uris_are_kept_exactly_bounded_and_not_repeated():
    assert uris_parse("https://A.example/Cb/\nhttps://a.example/cb", sandbox=False, required=True) == [
        "https://A.example/Cb/",
        "https://a.example/cb",
    ]
    with pytest.raises(ValidationError):
        uris_parse("https://a.example/cb https://a.example/cb", sandbox=False, required=True)
    with pytest.raises(ValidationError):
        uris_parse(" ".join(f"https://a.example/{n}" for n in range(11)), sandbox=False, required=True)
    with pytest.raises(ValidationError):
        uris_parse("", sandbox=False, required=True)


def test_a_refused_configuration_lists_each_problem(logged_in, organisation):
    response = logged_in.post(
        f"/partenaires/organisations/{organisation.pk}/sites/nouveau/",
        {**SITE_FORM, "redirect_uris": "https://ok.example/cb#frag\nhttp://site.example/cb"},
    )

    assert response.status_code == 400
    fields = [field for field, _label, _message in response.context["error_summary"]]
    assert fields == ["id_redirect_uris", "id_redirect_uris"]
    assert not ServiceProvider.objects.filter(organisation=organisation).exists()
