"""Production after review: a request from a sandbox site (configuration and a reason per scope),
an operator's approval or rejection with a comment in admin, e-mails to the organisation's
administrators only, a production site keeping its approved configuration until a change is
approved, its first secret generated in the space."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from franceconnect.federation.models import ServiceProvider
from franceconnect.federation.staff_roles import AUDITORS, OPERATORS, SUPPORT_AGENTS
from notifications.models import Notification
from partner_space.configuration import SiteConfiguration
from partner_space.models import ProductionRequest, Role, SiteConfigurationVersion
from partner_space.services import (
    production_request_approve,
    production_request_create,
    production_request_reject,
    production_site_of,
)
from tests.partner_space.conftest import SITE_FORM, log_in, member_add, person_make
from tests.staff_fixtures import second_factor_verify

pytestmark = pytest.mark.django_db

PRODUCTION_FORM = {
    **SITE_FORM,
    "redirect_uris": "https://service.example/callback",
    "reason_identite_pivot": "The procedure checks the applicant's identity against the civil register.",
    "reason_email": "We send the receipt of the application by e-mail.",
}
DECISION = "Checked against the DataPass application 1234."


@pytest.fixture
def operator(django_user_model):
    user = django_user_model.objects.create_user("operatrice", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=OPERATORS))
    return user


def staff(django_user_model, name: str, group: str):
    user = django_user_model.objects.create_user(name, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def _request(logged_in, site, data=None):
    return logged_in.post(f"/partenaires/sites/{site.pk}/production/", data or PRODUCTION_FORM)


@pytest.fixture
def pending(logged_in, sandbox_site):
    response = _request(logged_in, sandbox_site)
    assert response.status_code == 302, response.content.decode()[:3000]
    return ProductionRequest.objects.get(site=sandbox_site)


def test_a_request_keeps_the_configuration_and_a_reason_per_scope(pending, sandbox_site, person):
    assert pending.status == ProductionRequest.Status.PENDING and pending.requested_by == person
    assert pending.configuration["environment"] == "production"
    assert pending.configuration["redirect_uris"] == ["https://service.example/callback"]
    assert set(pending.scope_reasons) == {"identite_pivot", "email"}
    assert pending.changes["name"] == {"before": None, "after": "Mon service en ligne"}
    assert production_site_of(sandbox_site) is None  # nothing in production before the review


def test_production_addresses_must_use_https(logged_in, sandbox_site):
    response = _request(
        logged_in, sandbox_site, {**PRODUCTION_FORM, "redirect_uris": "http://localhost:8080/cb"}
    )

    assert response.status_code == 400
    assert response.context["error_summary"][0][0] == "id_redirect_uris"
    assert not ProductionRequest.objects.exists()


def test_each_scope_asked_needs_its_reason(logged_in, sandbox_site):
    response = _request(logged_in, sandbox_site, {**PRODUCTION_FORM, "reason_email": " "})

    assert response.status_code == 400
    assert [field for field, _label, _message in response.context["error_summary"]] == ["id_reason_email"]


def test_one_request_at_a_time(pending, sandbox_site, person):
    with pytest.raises(ValidationError):
        production_request_create(
            site=sandbox_site,
            author=person,
            configuration=SiteConfiguration.from_json(pending.configuration),
            scope_reasons=pending.scope_reasons,
        )


def test_readers_cannot_request_production(client, sandbox_site, organisation):
    reader = person_make("lecteur@partenaire.example")
    member_add(organisation, reader, Role.READER)
    log_in(client, reader)

    assert client.get(f"/partenaires/sites/{sandbox_site.pk}/production/").status_code == 403
    assert _request(client, sandbox_site).status_code == 403
    assert not ProductionRequest.objects.exists()


def test_another_organisations_site_is_not_found(client, sandbox_site):
    stranger = person_make("autre@ailleurs.example")
    log_in(client, stranger)

    assert client.get(f"/partenaires/sites/{sandbox_site.pk}/production/").status_code == 404


def test_approval_creates_the_production_site_and_emails_administrators_only(
    pending, operator, organisation, person
):
    member_add(organisation, person_make("dev2@partenaire.example"), Role.DEVELOPER)
    second_admin = person_make("admin2@partenaire.example")
    second_admin.language = "en"
    second_admin.save()
    member_add(organisation, second_admin, Role.ADMINISTRATOR)
    Notification.objects.all().delete()

    decided = production_request_approve(production_request=pending, reviewer=operator, comment=DECISION)

    site = decided.production_site
    assert site.environment == "production" and site.organisation == organisation
    assert site.client_id != pending.site.client_id
    assert site.redirect_uris == "https://service.example/callback"
    assert decided.status == "approved" and decided.reviewer == operator and decided.decided_at
    assert decided.approved_version.site == site and decided.approved_version.number == 1
    assert decided.approved_version.event == SiteConfigurationVersion.Event.APPROVED
    emails = Notification.objects.filter(kind=Notification.Kind.PARTNER_PRODUCTION_DECISION)
    assert {(email.recipient, email.language) for email in emails} == {
        (person.email, "fr"),
        (second_admin.email, "en"),
    }
    assert all(email.context["approved"] and email.context["comment"] == DECISION for email in emails)
    assert production_site_of(pending.site) == site


def test_a_decision_needs_a_comment_and_is_made_once(pending, operator):
    with pytest.raises(ValidationError):
        production_request_reject(production_request=pending, reviewer=operator, comment="  ")
    production_request_reject(production_request=pending, reviewer=operator, comment=DECISION)
    with pytest.raises(ValidationError):
        production_request_approve(production_request=pending, reviewer=operator, comment=DECISION)

    pending.refresh_from_db()
    assert pending.status == "rejected" and pending.production_site is None
    assert not ServiceProvider.objects.filter(environment="production", organisation__isnull=False).exists()
    email = Notification.objects.get(kind=Notification.Kind.PARTNER_PRODUCTION_DECISION)
    assert not email.context["approved"] and email.context["comment"] == DECISION


def test_the_production_site_keeps_its_configuration_until_a_change_is_approved(
    logged_in, pending, operator, person
):
    site = production_request_approve(
        production_request=pending, reviewer=operator, comment=DECISION
    ).production_site

    # « Modifier la configuration » of a production site is a request.
    assert logged_in.get(f"/partenaires/sites/{site.pk}/configuration/")["Location"] == (
        f"/partenaires/sites/{site.pk}/production/"
    )
    changed = {
        **PRODUCTION_FORM,
        "name": "Nouveau nom",
        "scopes": ["openid", "identite_pivot", "email", "gender"],
    }
    refused = _request(logged_in, site, changed)  # gender is new: its reason is missing
    assert refused.status_code == 400
    assert [field for field, _l, _m in refused.context["error_summary"]] == ["id_reason_gender"]
    assert _request(logged_in, site, {**changed, "reason_gender": "Addressing letters."}).status_code == 302

    change = ProductionRequest.objects.get(site=site, status="pending")
    assert change.is_change and set(change.scope_reasons) == {"gender"}
    assert change.changes["name"] == {"before": "Mon service en ligne", "after": "Nouveau nom"}
    site.refresh_from_db()
    assert site.name == "Mon service en ligne" and "gender" not in site.allowed_scopes  # still live

    production_request_reject(production_request=change, reviewer=operator, comment="Not needed.")
    site.refresh_from_db()
    assert site.name == "Mon service en ligne"

    _request(logged_in, site, {**changed, "reason_gender": "Addressing letters, honestly."})
    again = ProductionRequest.objects.get(site=site, status="pending")
    production_request_approve(production_request=again, reviewer=operator, comment="OK.")
    site.refresh_from_db()
    assert site.name == "Nouveau nom" and "gender" in site.allowed_scopes
    assert SiteConfigurationVersion.objects.filter(site=site).count() == 2


def test_the_production_secret_is_generated_by_the_partner_once_approved(logged_in, pending, operator):
    site = production_request_approve(
        production_request=pending, reviewer=operator, comment=DECISION
    ).production_site

    page = logged_in.get(f"/partenaires/sites/{site.pk}/").content.decode()
    assert "Générer le secret" in page or "Generate the secret" in page
    generated = logged_in.post(f"/partenaires/sites/{site.pk}/secret/")
    shown = logged_in.get(generated["Location"])

    secret = shown.context["secret"]
    site.refresh_from_db()
    assert secret and site.previous_client_secret == ""  # no grace for a secret nobody knew
    assert secret not in Notification.objects.values_list("context", flat=True).__str__()


def test_the_admin_review_page_shows_the_diff_and_decides_with_a_comment(client, pending, operator):
    second_factor_verify(client, operator)
    url = f"/admin/partner_space/productionrequest/{pending.pk}/change/"

    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "https://service.example/callback" in html and pending.scope_reasons["email"] in html
    assert f"/admin/partner_space/productionrequest/{pending.pk}/decision/" in html

    without_comment = client.post(
        f"/admin/partner_space/productionrequest/{pending.pk}/decision/", {"approve": "1"}
    )
    pending.refresh_from_db()
    assert without_comment.status_code == 302 and pending.status == "pending"
    client.post(
        f"/admin/partner_space/productionrequest/{pending.pk}/decision/",
        {"approve": "1", "comment": DECISION},
    )
    pending.refresh_from_db()
    assert pending.status == "approved" and pending.reviewer == operator and pending.comment == DECISION


@pytest.mark.parametrize("group", [AUDITORS, SUPPORT_AGENTS])
def test_only_operators_review(client, django_user_model, pending, group):
    user = staff(django_user_model, f"staff-{group}", group)
    second_factor_verify(client, user)

    page = client.get(f"/admin/partner_space/productionrequest/{pending.pk}/change/")
    decision = client.post(
        f"/admin/partner_space/productionrequest/{pending.pk}/decision/",
        {"approve": "1", "comment": DECISION},
    )

    assert page.status_code == (200 if group == AUDITORS else 403)
    assert "/decision/" not in page.content.decode()
    assert decision.status_code == 403
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_the_admin_list_of_requests(client, pending, operator):
    second_factor_verify(client, operator)

    page = client.get("/admin/partner_space/productionrequest/?status__exact=pending")

    assert page.status_code == 200 and "Mon service en ligne" in page.content.decode()


def test_a_first_request_is_reviewed_beside_the_sandbox_configuration(
    client, logged_in, sandbox_site, operator
):
    changed = {**PRODUCTION_FORM, "name": "Mon service (production)"}
    assert _request(logged_in, sandbox_site, changed).status_code == 302
    first = ProductionRequest.objects.get(site=sandbox_site)
    second_factor_verify(client, operator)

    page = client.get(f"/admin/partner_space/productionrequest/{first.pk}/change/")

    rows = {row["name"]: row for row in page.context["sandbox_comparison"]}
    assert rows["name"]["sandbox"] == "Mon service en ligne" and rows["name"]["differs"]
    assert rows["redirect_uris"]["sandbox"] == [
        "https://service.example/callback",
        "http://localhost:8080/callback",
    ]
    assert rows["scopes"]["differs"] is False and rows["environment"]["requested"] == "production"
    html = page.content.decode()
    assert "no live production configuration yet" in html or "pas encore de configuration" in html


def test_a_change_of_a_production_site_is_reviewed_against_the_live_configuration(client, pending, operator):
    second_factor_verify(client, operator)
    client.post(
        f"/admin/partner_space/productionrequest/{pending.pk}/decision/",
        {"approve": "1", "comment": DECISION},
    )
    pending.refresh_from_db()
    change = ProductionRequest.objects.create(
        site=pending.production_site,
        production_site=pending.production_site,
        configuration=pending.configuration,
        changes={"name": {"before": "Mon service en ligne", "after": "Nouveau nom"}},
    )

    page = client.get(f"/admin/partner_space/productionrequest/{change.pk}/change/")

    assert page.context["sandbox_comparison"] is None
    assert [name for name, _change in page.context["changes"]] == ["name"]
