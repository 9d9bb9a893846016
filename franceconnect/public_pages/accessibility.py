"""What the accessibility statement asserts, kept beside the code that tests it.

Status: RGAA's rule is that a site without a valid conformity audit is « non conforme », whatever
automated tools say; no RGAA audit of the portal has been made, so that is its status until one
is. Update STATEMENT_DATE, the status and the lists below whenever the tests in tests/browser and
tests/e2e (axe-core, keyboard) change what they cover, or an audit is made.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

RGAA_VERSION = "4.1.2"
STATEMENT_DATE = date(2026, 11, 29)


@dataclass(frozen=True)
class ComplianceStatus:
    code: str
    label: str | Promise


NOT_COMPLIANT = ComplianceStatus("non_compliant", _("not compliant"))
PARTIALLY_COMPLIANT = ComplianceStatus("partially_compliant", _("partially compliant"))
FULLY_COMPLIANT = ComplianceStatus("fully_compliant", _("fully compliant"))
STATUS = NOT_COMPLIANT


@dataclass(frozen=True)
class CheckedPage:
    title: str | Promise
    url_name: str = ""  # empty: the page belongs to a login in progress and has no fixed address


# The pages on which the browser tests run axe-core and fail on any serious or critical violation.
AXE_CHECKED_PAGES = (
    CheckedPage(_("the home page, in French, English and Russian"), "home"),
    CheckedPage(_("the catalogue of services, before and after a search"), "catalogue_list"),
    CheckedPage(_("the contact form, empty and with its error messages"), "support_contact"),
    CheckedPage(_("the page where you choose the account to log in with")),
    CheckedPage(_("the confirmation screen, which shows the information about to be sent")),
    CheckedPage(_("this accessibility statement"), "accessibility"),
    CheckedPage(_("the legal notice"), "legal_notice"),
    CheckedPage(_("the personal data page"), "personal_data"),
    CheckedPage(_("the site map"), "site_map"),
    CheckedPage(_("the partner space's sign-up and login pages"), "partner_sign_up"),
    CheckedPage(
        _(
            "the partner space once logged in: its home, an organisation's members and invitations, "
            "a site's creation, page, configuration (also with its error messages), integration, "
            "statistics and production request, the two-step verification"
        )
    ),
)

# Pages of the service no automated check has looked at yet.
UNCHECKED_PAGES = (
    _("the page of each service in the catalogue"),
    _("the page confirming that a contact request was sent"),
    _("the error pages (page not found, login expired or refused, too many requests…)"),
    _("the logout pages"),
)
