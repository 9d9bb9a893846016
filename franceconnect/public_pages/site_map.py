"""The site map's one list of public pages, and the pages deliberately left out of it.

tests/franceconnect/test_public_pages.py walks the URL configuration: a new page without
parameters must appear in one of the two, so it cannot be forgotten in the site map.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Page:
    url_name: str
    title: str | Promise


@dataclass(frozen=True)
class Section:
    title: str | Promise
    pages: tuple[Page, ...]


SITE_MAP = (
    Section(
        _("Using the portal"),
        (
            Page("home", _("Home")),
            Page("catalogue_list", _("Services available with FranceConnect")),
            Page("space_home", _("My space: my connections")),
            Page("space_providers", _("My space: my accounts")),
            Page("support_contact", _("Contact us")),
        ),
    ),
    Section(
        _("Partner sites"),
        (
            Page("partner_home", _("Partner space: my organisations and sites")),
            Page("partner_sign_up", _("Partner space: create an account")),
            Page("partner_login", _("Partner space: log in")),
            Page("partner_password_reset_request", _("Partner space: forgotten password")),
        ),
    ),
    Section(
        _("About this site"),
        (
            Page("accessibility", _("Accessibility statement")),
            Page("legal_notice", _("Legal notice")),
            Page("personal_data", _("Personal data")),
            Page("site_map", _("Site map")),
        ),
    ),
)

# Pages without parameters that a visitor cannot open for their own sake, and why. Pages with
# parameters (a login's interaction, one service of the catalogue) are reached from the ones above.
NOT_IN_SITE_MAP = {
    "flow_sign_out": "the action of the « Se déconnecter » form (POST only)",
    "flow_logged_out": "shown after logging out",
    "support_sent": "shown after sending the contact form",
    "space_sign_in": "the action of the space's « S'identifier » form (POST only)",
    "space_sign_out": "the action of the space's « Se déconnecter » form (POST only)",
    "space_report": "opened by the link of a security e-mail only",
    "space_report_sessions": "an action of that page (POST only)",
    "statistics_dashboard": "the administrators' interface (the statistics dashboard)",
    "statistics_export": "the administrators' interface (the statistics dashboard's CSV)",
    "partner_login_code": "the second step of a partner's login, after the password",
    "partner_logout": "the action of the partner space's « Se déconnecter » form (POST only)",
    "partner_second_factor": "reached from every page of the partner space, once logged in",
    "partner_organisation_new": "reached from the partner space's home page, once logged in",
}
# Whole URL namespaces that are not public pages.
NAMESPACES_NOT_IN_SITE_MAP = {"admin": "the administrators' interface"}
