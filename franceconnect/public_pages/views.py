"""The accessibility statement, the legal notice, the personal-data page and the site map.

Their facts come from the settings (who runs the site, how long data is kept) and from
accessibility.py and site_map.py, so that the pages change with them.
"""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from franceconnect.public_pages import accessibility as statement
from franceconnect.public_pages.durations import days_text, seconds_text
from franceconnect.public_pages.site_map import SITE_MAP

SECONDS_PER_DAY = 86400


def site_operator() -> dict[str, str]:
    """Who runs this deployment (empty values: the pages say it is an open demonstration)."""
    return {
        "name": settings.SITE_OPERATOR_NAME,
        "address": settings.SITE_OPERATOR_ADDRESS,
        "publication_director": settings.SITE_PUBLICATION_DIRECTOR,
        "hosting_provider": settings.SITE_HOSTING_PROVIDER,
    }


def _common() -> dict:
    return {
        "operator": site_operator(),
        "support_email": settings.SUPPORT_EMAIL,
        "site_url": settings.PUBLIC_BASE_URL,
        "contact_url": reverse("support_contact"),
        "accessibility_url": reverse("accessibility"),
        "legal_notice_url": reverse("legal_notice"),
        "personal_data_url": reverse("personal_data"),
    }


@require_safe
def accessibility(request):
    checked = [
        {"title": page.title, "url": reverse(page.url_name) if page.url_name else ""}
        for page in statement.AXE_CHECKED_PAGES
    ]
    context = {
        **_common(),
        "status": statement.STATUS,
        "rgaa_version": statement.RGAA_VERSION,
        "statement_date": statement.STATEMENT_DATE,
        "checked_pages": checked,
        "unchecked_pages": statement.UNCHECKED_PAGES,
        "interaction_lifetime": seconds_text(settings.INTERACTION_LIFETIME_SECONDS),
        "sso_lifetime": seconds_text(settings.SSO_LIFETIME_SECONDS),
    }
    return render(request, "public_pages/accessibility.html", context)


@require_safe
def legal_notice(request):
    return render(request, "public_pages/legal_notice.html", _common())


def retention_periods() -> dict[str, str]:
    """Every period the personal-data page states, read from the settings at each request."""
    oauth = settings.OAUTH2_PROVIDER
    return {
        "single_sign_on": seconds_text(settings.SSO_LIFETIME_SECONDS),
        "code": seconds_text(oauth["AUTHORIZATION_CODE_EXPIRE_SECONDS"]),
        "access_token": seconds_text(oauth["ACCESS_TOKEN_EXPIRE_SECONDS"]),
        "account": days_text(settings.CITIZEN_ACCOUNT_RETENTION_DAYS),
        "connection_record": days_text(settings.CONNECTION_RECORD_RETENTION_DAYS),
        "notification": days_text(settings.NOTIFICATION_RETENTION_DAYS),
        "support_ticket": days_text(settings.SUPPORT_TICKET_RETENTION_DAYS),
        "refused_login": days_text(settings.REFUSED_LOGIN_RETENTION_DAYS),
        "partner_unverified": days_text(settings.PARTNER_UNVERIFIED_ACCOUNT_DAYS),
        "partner_account": days_text(settings.PARTNER_ACCOUNT_INACTIVE_DAYS),
        "partner_invitation": days_text(settings.PARTNER_INVITATION_RETENTION_DAYS),
        "csrf_cookie": _cookie_text(settings.CSRF_COOKIE_AGE),
        "language_cookie": _cookie_text(settings.LANGUAGE_COOKIE_AGE),
    }


def _cookie_text(max_age: int | None) -> str:
    if max_age is None:  # a session cookie
        return _("until you close your browser")
    return days_text(round(max_age / SECONDS_PER_DAY))


@require_safe
def personal_data(request):
    context = {
        **_common(),
        "periods": retention_periods(),
        "cookies": {
            "session": settings.SESSION_COOKIE_NAME,
            "csrf": settings.CSRF_COOKIE_NAME,
            "language": settings.LANGUAGE_COOKIE_NAME,
        },
    }
    return render(request, "public_pages/personal_data.html", context)


@require_safe
def site_map(request):
    sections = [
        {
            "title": section.title,
            "pages": [{"title": page.title, "url": reverse(page.url_name)} for page in section.pages],
        }
        for section in SITE_MAP
    ]
    return render(request, "public_pages/site_map.html", {"sections": sections})
