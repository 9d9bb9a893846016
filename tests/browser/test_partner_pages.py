"""The partner space once logged in, in a browser: a partner logs in through the real login form,
then each page of the space is checked by axe (no serious or critical violation) and screenshotted.
The accessibility statement lists these pages as checked (franceconnect/public_pages/accessibility.py)."""

from partner_space.configuration import SiteConfiguration
from partner_space.models import Invitation, OrganisationEvent, Role
from partner_space.services import organisation_create, site_sandbox_create
from tests.browser_fixtures import format_violations
from tests.partner_space.conftest import PASSWORD, member_add, person_make


def _partner_with_a_sandbox_site():
    person = person_make("admin@partenaire.example")
    organisation = organisation_create(person=person, name="Direction du numérique", siret="13002526500013")
    member_add(organisation, person_make("lecteur@partenaire.example"), Role.READER)
    OrganisationEvent.objects.create(  # the members' history table shown too
        organisation=organisation,
        action=OrganisationEvent.Action.ROLE_CHANGED,
        actor=person,
        subject_email="lecteur@partenaire.example",
        role_before=Role.DEVELOPER,
        role_after=Role.READER,
    )
    Invitation.objects.create(
        organisation=organisation, email="invite@partenaire.example", role=Role.DEVELOPER, invited_by=person
    )
    site, _secret = site_sandbox_create(
        organisation=organisation,
        author=person,
        configuration=SiteConfiguration(
            name="Mon service en ligne",
            site_url="https://service.example",
            contact_email="dev@partenaire.example",
            redirect_uris=("https://service.example/callback",),
            post_logout_redirect_uris=("https://service.example/logout",),
            scopes=("openid", "identite_pivot", "email"),
            algorithm="ES256",
            eidas_level="eidas1",
            consent_required=False,
            environment="sandbox",
        ),
    )
    return person, organisation, site


def test_the_partner_space_once_logged_in_passes_axe(
    page, transactional_db, screenshot, axe_serious_violations
):
    person, organisation, site = _partner_with_a_sandbox_site()
    page.goto("/partenaires/connexion/")
    page.locator("input[name=email]").fill(person.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/partenaires/")

    pages = {
        "home": "/partenaires/",
        "organisation": f"/partenaires/organisations/{organisation.pk}/membres/",
        "site-new": f"/partenaires/organisations/{organisation.pk}/sites/nouveau/",
        "site": f"/partenaires/sites/{site.pk}/",
        "configuration": f"/partenaires/sites/{site.pk}/configuration/",
        "configuration-error": None,  # the same form, sent with a wrong address
        "integration": f"/partenaires/sites/{site.pk}/integration/",
        "statistics": f"/partenaires/sites/{site.pk}/statistiques/?jours=7",
        "production-request": f"/partenaires/sites/{site.pk}/production/",
        "second-factor": "/partenaires/compte/double-authentification/",
        "second-factor-setup": None,  # its QR code, once « Configurer » is pressed
    }
    failures = {}
    for label, path in pages.items():
        if label == "second-factor-setup":
            with page.expect_navigation():
                page.get_by_role("button", name="Configurer une application d'authentification").click()
            page.wait_for_selector(".portal-qr-code svg")
        elif path is None:
            page.locator("textarea[name=redirect_uris]").fill("http://service.example/callback#fragment")
            with page.expect_navigation():
                page.get_by_role("button", name="Enregistrer la configuration").click()
            assert page.title().startswith("Erreur"), page.title()
        else:
            assert page.goto(path).status == 200, path
        screenshot(label)
        violations = axe_serious_violations()
        if violations:
            failures[label] = format_violations(violations)
    assert failures == {}, failures
    # The form sent with its error answers 400, which the console reports; nothing else may.
    assert [e for e in page.console_errors if "status of 400" not in e] == [], page.console_errors
