"""« Mon espace » in Chromium, over real HTTP with the demo identity providers and partner sites:
the history of connections, the choice of identity providers (and a login it refuses), the
security e-mail's « ce n'était pas moi » link, the support ticket it opens as staff see it in
admin, and every page of the space in French, English and Russian, with a screenshot and axe."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from citizen_space.history import data_labels
from citizen_space.models import ConnectionReport
from franceconnect.federation.models import Connection, LoginPolicy, User
from identity_providers.models import IdentityProvider
from notifications.models import Notification
from support.models import Ticket
from tests.browser_fixtures import format_violations
from tests.staff_fixtures import current_code

pytestmark = pytest.mark.browser

CITIZEN = "angela.dubois"
CITIZEN_NAME = "Angela Claire Louise DUBOIS"
CITIZEN_EMAIL = "angela.dubois@demo.localhost"
PASSWORD = "demo-password"
IMPOTS, AMELI = "impots.gouv.fr (démo)", "ameli.fr (démo)"
SITE_NAMES = {"retraite": "Mon compte retraite (démo)", "famille": "Caisse des familles (démo)"}
SPACE_NAME = "Mon espace FranceConnect"
LANGUAGE_PREFIXES = {"fr": "", "en": "/en", "ru": "/ru"}


# The steps of a login, as a person makes them.


def _at_identity_provider(page, provider_name: str, *, password_asked: bool = True) -> None:
    """From the chooser: the identity provider, and its password form unless the browser is still
    logged in there (the demo providers keep their own session)."""
    page.get_by_role("link", name=provider_name, exact=True).click()
    if password_asked:
        page.get_by_label("Identifiant").fill(CITIZEN)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()


def _continue_to(page, site_name: str):
    return page.get_by_role("button", name=f"Continuer sur {site_name}")


def _start_at_site(page, federation, site: str) -> None:
    page.goto(f"{federation.partner_sites[site].url}/")
    page.get_by_role("button", name="S'identifier avec FranceConnect").click()


def _logged_in_at_site(page, federation, site: str) -> None:
    _continue_to(page, SITE_NAMES[site]).click()
    page.wait_for_url(f"{federation.partner_sites[site].url}/moi/")
    assert page.get_by_text(f"Bonjour {CITIZEN_NAME}").is_visible()


def _log_in_at_site(page, federation, site: str, provider_name: str | None, *, password_asked=True) -> None:
    """A login at a demo partner site, to its personal page; ``provider_name`` None: under the
    single sign-on (the confirmation screen straight away)."""
    _start_at_site(page, federation, site)
    if provider_name is not None:
        _at_identity_provider(page, provider_name, password_asked=password_asked)
    _logged_in_at_site(page, federation, site)


def _space_sign_in(page, federation, provider_name: str | None) -> None:
    """« S'identifier avec FranceConnect » on the space's front page, back to the space."""
    page.goto("/mon-espace/")
    page.locator("main form[action$='/mon-espace/connexion/'] button.fr-connect").click()
    if provider_name is not None:
        _at_identity_provider(page, provider_name)
    _continue_to(page, SPACE_NAME).click()
    page.wait_for_url(f"{federation.portal_url}/mon-espace/")
    assert f"Vous êtes connecté en tant que {CITIZEN_NAME}" in _main_text(page)


def _other_account_at_site(page, federation, site: str) -> None:
    """At a site, under the single sign-on: « Ce n'est pas vous ? », back to the chooser."""
    _start_at_site(page, federation, site)
    page.get_by_role("button", name="Ce n'est pas vous ? Connectez-vous avec un autre compte").click()
    page.get_by_role("link", name=IMPOTS, exact=True).wait_for()


def _console_errors(page, *answered: int) -> list[str]:
    """The page's console errors, but Chromium's note of the error pages the test itself asked
    for (« Failed to load resource: … status of 403 »)."""
    expected = tuple(f"the server responded with a status of {status} " for status in answered)
    return [error for error in page.console_errors if not any(status in error for status in expected)]


def _tick(page, box, checked: bool) -> None:
    """A DSFR checkbox or radio button, ticked as a person does it: on its label (the input itself
    is drawn by the label, which takes the clicks)."""
    if box.is_checked() != checked:
        page.locator(f"label[for='{box.get_attribute('id')}']").click()
    assert box.is_checked() == checked


def _html_lang(page) -> str:
    return page.evaluate("document.documentElement.lang")


def _main_text(page) -> str:
    return page.locator("main").inner_text()


def _report_url(connection: Connection) -> str:
    """The « ce n'était pas moi » link of the connection's security e-mail."""
    email = Notification.objects.get(connection=connection, kind=Notification.Kind.SECURITY_CONNECTION)
    return email.context["report_url"]


@pytest.fixture
def checked(screenshot, axe_serious_violations):
    """A screenshot, then axe: no serious or critical violation."""

    def check(label: str) -> None:
        screenshot(label)
        violations = axe_serious_violations()
        assert violations == [], f"{label}: {format_violations(violations)}"

    return check


def _providers_by_name() -> dict[str, IdentityProvider]:
    return {provider.name: provider for provider in IdentityProvider.objects.all()}


# 1. The history.


def test_the_history_shows_each_connection_with_its_data_and_reference(federation, page, checked):
    _log_in_at_site(page, federation, "retraite", IMPOTS)
    _log_in_at_site(page, federation, "famille", None)  # the single sign-on: impots again
    _space_sign_in(page, federation, None)

    connections = list(Connection.objects.select_related("service_provider", "identity_provider"))
    assert {connection.service_provider.name for connection in connections} == {
        *SITE_NAMES.values(),
        SPACE_NAME,
    }
    history = page.locator("section[aria-labelledby=history-title] tbody tr")
    assert history.count() == 3
    with translation.override("fr"):  # the page's language
        labels = {connection.pk: ", ".join(data_labels(connection.claims)) for connection in connections}
    for connection in connections:
        row = history.filter(has_text=connection.reference).inner_text()
        assert connection.service_provider.name in row and IMPOTS in row, row
        assert labels[connection.pk] in row, (labels[connection.pk], row)
    retraite = next(c for c in connections if c.service_provider.name == SITE_NAMES["retraite"])
    space = next(c for c in connections if c.service_provider.name == SPACE_NAME)
    assert "Date de naissance" in labels[retraite.pk] and "Date de naissance" not in labels[space.pk]
    summary = page.locator("section[aria-labelledby=summary-title] tbody tr")
    assert summary.count() == 3
    for connection in connections:
        cells = summary.filter(has_text=connection.service_provider.name).locator("td")
        assert cells.first.inner_text() == labels[connection.pk]
        assert cells.last.inner_text() == "1"  # one login to each site
    assert "1962" not in _main_text(page)  # names of data, never their values
    checked("1-history")

    famille = next(c for c in connections if c.service_provider.name == SITE_NAMES["famille"])
    page.get_by_label("Afficher les connexions à").select_option(label=SITE_NAMES["famille"])
    page.get_by_role("button", name="Afficher", exact=True).click()
    page.wait_for_url(re.compile(rf"\?site={famille.service_provider_id}$"))
    assert history.count() == 1 and famille.reference in history.inner_text()

    # More than a page of connections: the older ones on the next page.
    account = famille.citizen
    Connection.objects.bulk_create(
        Connection(
            reference=f"CX-PAGE{n:05d}",
            citizen=account,
            service_provider=famille.service_provider,
            acr="eidas1",
        )
        for n in range(20)
    )
    Connection.objects.filter(reference__startswith="CX-PAGE").update(
        created_at=timezone.now() - timedelta(days=1)
    )
    page.goto("/mon-espace/")
    assert history.count() == 20 and page.get_by_text("Page 1 sur 2").is_visible()
    page.get_by_role("link", name="Connexions plus anciennes").click()
    page.wait_for_url(re.compile(r"\?page=2$"))
    assert history.count() == 3 and page.get_by_text("Page 2 sur 2").is_visible()
    checked("2-history-page-2")
    assert page.console_errors == []


# 2. Blocking an identity provider.


def test_a_blocked_identity_provider_cannot_be_used_and_the_others_still_can(federation, page, checked):
    _space_sign_in(page, federation, IMPOTS)
    providers = _providers_by_name()
    page.get_by_role("link", name="Mes comptes").click()
    page.wait_for_url(f"{federation.portal_url}/mon-espace/comptes/")
    impots_box = page.get_by_role("checkbox", name=IMPOTS, exact=True)
    ameli_box = page.get_by_role("checkbox", name=AMELI, exact=True)
    assert impots_box.is_checked() and ameli_box.is_checked()
    assert page.get_by_label("Les autoriser : je peux les utiliser dès leur ajout").is_checked()
    checked("1-providers")

    # The account in use: a confirmation is asked first, nothing is saved.
    _tick(page, impots_box, False)
    page.get_by_role("button", name="Enregistrer mon choix").click()
    page.get_by_text("Votre choix n'est pas encore enregistré").wait_for()
    assert (
        page.locator("#id_confirm_current").is_visible()
        and not page.locator("#id_confirm_current").is_checked()
    )
    assert not LoginPolicy.objects.exists()
    checked("2-providers-confirmation-asked")
    confirm_label = page.locator("label[for=id_confirm_current]").inner_text()

    _tick(page, impots_box, True)
    _tick(page, ameli_box, False)
    page.get_by_role("button", name="Enregistrer mon choix").click()
    page.get_by_text("Votre choix est enregistré").wait_for()
    assert impots_box.is_checked() and not ameli_box.is_checked()
    assert LoginPolicy.objects.get().blocked_identity_providers == [providers[AMELI].pk]
    checked("3-providers-saved")

    # At a partner site, with the ameli account: refused.
    _other_account_at_site(page, federation, "retraite")
    with page.expect_response(lambda response: "/fi/retour?" in response.url) as answer:
        _at_identity_provider(page, AMELI)
    assert answer.value.status == 403
    page.get_by_role("heading", level=1, name="Vous avez bloqué la connexion avec ce compte").wait_for()
    text = _main_text(page)
    assert "identity_provider_blocked" in text and AMELI in text, text
    assert page.get_by_role("link", name="Gérer mes comptes dans mon espace").get_attribute("href") == (
        "/mon-espace/comptes/"
    )
    checked("4-blocked")
    email = Notification.objects.get(kind=Notification.Kind.SECURITY_BLOCKED_PROVIDER)
    assert email.recipient == CITIZEN_EMAIL
    assert email.context["identity_provider_name"] == AMELI
    assert email.context["site_name"] == SITE_NAMES["retraite"]
    assert not Connection.objects.filter(identity_provider=providers[AMELI]).exists()

    # With impots (still logged in there): the site is reached.
    _log_in_at_site(page, federation, "retraite", IMPOTS, password_asked=False)
    assert Connection.objects.filter(service_provider__name=SITE_NAMES["retraite"]).count() == 1
    assert _console_errors(page, 403) == []
    # Checked last, so that the journey above is checked whatever this says: the confirmation
    # names the account to block, in the page's language.
    assert confirm_label.startswith("Je confirme vouloir bloquer") and IMPOTS in confirm_label, confirm_label


# 3. Identity providers added later.


def test_a_provider_added_later_is_refused_when_the_citizen_blocks_newcomers(federation, page, checked):
    _space_sign_in(page, federation, IMPOTS)
    page.goto("/mon-espace/comptes/")
    _tick(page, page.get_by_label("Les bloquer jusqu'à ce que je les autorise ici"), True)
    page.get_by_role("button", name="Enregistrer mon choix").click()
    page.get_by_text("Votre choix est enregistré").wait_for()
    policy = LoginPolicy.objects.get()
    assert policy.future_providers_allowed is False and policy.blocked_identity_providers == []

    newcomer_name = "Nouveau fournisseur (démo)"
    newcomer = federation.identity_providers["ameli"].register_in_portal(slug="nouveau", name=newcomer_name)
    page.reload()
    newcomer_box = page.get_by_role("checkbox", name=newcomer_name, exact=True)
    assert not newcomer_box.is_checked()  # shown as blocked
    assert page.get_by_role("checkbox", name=AMELI, exact=True).is_checked()
    checked("1-providers-with-a-newcomer")

    _other_account_at_site(page, federation, "famille")
    with page.expect_response(lambda response: "/fi/retour?" in response.url) as answer:
        _at_identity_provider(page, newcomer_name)
    assert answer.value.status == 403
    text = _main_text(page)
    assert "Vous avez bloqué la connexion avec ce compte" in text and "identity_provider_blocked" in text
    assert newcomer_name in text
    checked("2-blocked")
    email = Notification.objects.get(kind=Notification.Kind.SECURITY_BLOCKED_PROVIDER)
    assert email.context["identity_provider_name"] == newcomer_name
    assert not Connection.objects.filter(identity_provider=newcomer).exists()
    assert _console_errors(page, 403) == []


# 4. « Ce n'était pas moi ».


def test_the_security_e_mail_link_reports_the_connection_and_ends_every_session(
    federation, page, checked, chromium, live_server, settings
):
    # Someone logs in as the citizen, in another browser.
    other_browser = chromium.new_context(base_url=live_server.url, locale="fr-FR")
    try:
        intruder = other_browser.new_page()
        _log_in_at_site(intruder, federation, "retraite", IMPOTS)
        connection = Connection.objects.select_related("identity_provider").get()
        link = _report_url(connection)
        assert link.startswith(f"{federation.portal_url}/mon-espace/signalement/")

        # The citizen opens the link of the security e-mail: nothing is shown before the button.
        assert page.goto(link).status == 200
        assert SITE_NAMES["retraite"] not in page.content() and IMPOTS not in page.content()
        assert not ConnectionReport.objects.exists()
        checked("1-link")
        page.get_by_role("button", name="Ouvrir la page de cette connexion").click()
        page.wait_for_url(f"{federation.portal_url}/mon-espace/signalement/")
        text = _main_text(page)
        assert connection.reference in text and SITE_NAMES["retraite"] in text and IMPOTS in text
        assert page.get_by_label("Votre adresse électronique").input_value() == CITIZEN_EMAIL
        checked("2-report")

        page.get_by_role("button", name="Mettre fin à toutes les sessions").click()
        page.get_by_text("Toutes les sessions ouvertes avec votre identité sont terminées.").wait_for()
        assert LoginPolicy.objects.get(account=connection.citizen).sessions_not_before is not None

        page.get_by_label("Votre nom").fill("Angela Dubois")
        page.get_by_label("Que s'est-il passé ? (facultatif)").fill("Je n'étais pas sur ce site.")
        page.get_by_role("button", name="Envoyer mon signalement").click()
        page.get_by_text("Votre signalement a bien été envoyé.").wait_for()
        ticket = Ticket.objects.get()
        assert ticket.priority == Ticket.Priority.URGENT
        assert ticket.category == Ticket.Category.IDENTITY_THEFT
        assert ticket.connection_reference == connection.reference
        assert (ticket.email, ticket.name) == (CITIZEN_EMAIL, "Angela Dubois")
        assert page.get_by_text(re.compile(rf"Signalement envoyé\s*:\s*{ticket.reference}")).is_visible()
        report = ConnectionReport.objects.get()
        assert report.ticket == ticket and report.sessions_ended_at is not None
        checked("3-report-sent")

        # Opened once only.
        again = page.goto(link)
        assert again.status == 410 and "report_link_used" in page.content()
        assert SITE_NAMES["retraite"] not in page.content() and IMPOTS not in page.content()
        checked("4-link-used")

        # The browser that made the login: its single sign-on releases nothing any more.
        other_browser.clear_cookies(name="sp_retraite_sessionid")  # the site's own session, gone
        _start_at_site(intruder, federation, "retraite")
        _continue_to(intruder, SITE_NAMES["retraite"]).click()  # the screen still shows…
        intruder.get_by_text(
            "Votre session a été fermée. Connectez-vous à nouveau pour continuer."
        ).wait_for()
        assert intruder.get_by_role("link", name=IMPOTS, exact=True).is_visible()  # …the chooser again
        assert Connection.objects.count() == 1
        _at_identity_provider(intruder, IMPOTS, password_asked=False)
        _logged_in_at_site(intruder, federation, "retraite")  # a new login: a new connection
    finally:
        other_browser.close()
    second = Connection.objects.exclude(pk=connection.pk).get()

    # A tampered link names nothing.
    token = link.rstrip("/").rsplit("/", 1)[1]
    reference, timestamp, signature = token.split(":")
    altered = ("B" if signature[5] == "A" else "A").join((signature[:5], signature[6:]))
    tampered = link.replace(token, f"{reference}:{timestamp}:{altered}")
    assert tampered != link
    refused = page.goto(tampered)
    assert refused.status == 404 and "report_link_invalid" in page.content()
    assert SITE_NAMES["retraite"] not in page.content() and IMPOTS not in page.content()
    checked("5-link-tampered")

    # An expired link too (the second connection's, never opened).
    link_days, settings.CONNECTION_REPORT_LINK_DAYS = settings.CONNECTION_REPORT_LINK_DAYS, 0
    expired = page.goto(_report_url(second))
    assert expired.status == 404 and "report_link_invalid" in page.content()
    assert SITE_NAMES["retraite"] not in page.content() and IMPOTS not in page.content()
    settings.CONNECTION_REPORT_LINK_DAYS = link_days
    assert page.goto(_report_url(second)).status == 200  # the same link, in its time: it opens
    assert ConnectionReport.objects.count() == 1
    assert _console_errors(page, 410, 404) == []


# 5. What support staff see.


def test_support_staff_see_the_connections_of_the_account_on_the_ticket(federation, page, screenshot):
    _log_in_at_site(page, federation, "retraite", IMPOTS)
    _log_in_at_site(page, federation, "famille", None)
    connections = list(Connection.objects.select_related("service_provider", "identity_provider"))
    reported = next(c for c in connections if c.service_provider.name == SITE_NAMES["retraite"])
    someone_else = User.objects.create(username="citizen-other", account_key="0" * 64)
    Connection.objects.create(
        reference="CX-OTHERONE1",
        citizen=someone_else,
        service_provider=reported.service_provider,
        acr="eidas1",
    )
    page.goto(_report_url(reported))
    page.get_by_role("button", name="Ouvrir la page de cette connexion").click()
    page.get_by_label("Votre nom").fill("Angela Dubois")
    page.get_by_role("button", name="Envoyer mon signalement").click()
    page.get_by_text("Votre signalement a bien été envoyé.").wait_for()
    ticket = Ticket.objects.get()

    staff = get_user_model().objects.create_superuser("support", "support@example.org", "support-password")
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    page.goto("/admin/login/")
    page.locator("#id_username").fill("support")
    page.locator("#id_password").fill("support-password")
    page.locator("#id_otp_token").fill(current_code(device))  # the back office's second factor
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{federation.portal_url}/admin/")
    page.goto(f"/admin/support/ticket/{ticket.pk}/change/")

    field = page.locator(".field-account_connections")
    assert field.locator("label").inner_text().startswith("Connexions du compte concerné")
    rows = field.locator("tbody tr")
    assert rows.count() == 2
    for connection in connections:
        row = rows.filter(has_text=connection.reference).inner_text()
        assert connection.service_provider.name in row and IMPOTS in row, row
        assert str(connection.created_at.year) in row, row
    assert "CX-OTHERONE1" not in field.inner_text()
    assert reported.reference in page.locator(".field-connection_reference").inner_text()
    screenshot("ticket-in-admin")


# 6. Every page of the space in each language.


def test_every_page_of_the_space_in_french_english_and_russian(federation, page, checked):
    for language, prefix in LANGUAGE_PREFIXES.items():
        page.goto(f"{prefix}/mon-espace/")
        assert _html_lang(page) == language
        assert page.locator("main form[action$='/mon-espace/connexion/']").count() == 1
        checked(f"{language}-1-front-page")

    _space_sign_in(page, federation, IMPOTS)
    link = _report_url(Connection.objects.get())
    token_path = link.removeprefix(federation.portal_url)
    for language, prefix in LANGUAGE_PREFIXES.items():
        assert page.goto(f"{prefix}{token_path}").status == 200  # a GET uses nothing up
        assert _html_lang(page) == language
        checked(f"{language}-2-report-link")
    page.locator("main form button[type=submit]").click()  # « Открыть страницу этого входа »
    page.wait_for_url(f"{federation.portal_url}/ru/mon-espace/signalement/")

    for language, prefix in LANGUAGE_PREFIXES.items():
        for label, path in (("3-history", ""), ("4-accounts", "comptes/"), ("5-report", "signalement/")):
            response = page.goto(f"{prefix}/mon-espace/{path}")
            assert response.status == 200 and _html_lang(page) == language, (language, path)
            if label != "5-report":  # signed in: the space itself, not its front page
                assert page.locator("main .space-nav").count() == 1, (language, path)
            checked(f"{language}-{label}")
    # On a phone, each row of the history reads as a card: every value under its column's name.
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto("/mon-espace/")
    cell = page.locator("main .space-table tbody td").first
    assert cell.evaluate("element => getComputedStyle(element).display") == "block"
    assert cell.evaluate("element => getComputedStyle(element, '::before').content") != "none"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing scrolled sideways
    checked("fr-6-history-phone")
    assert page.console_errors == []
