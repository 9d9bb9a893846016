"""Periods from the settings as a person reads them (« 1 095 jours, environ 36 mois »), so that
the pages quoting them say what the portal really does once the settings change."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DAYS_PER_MONTH = 365.25 / 12
# Below two months a number of days reads well by itself.
MONTHS_SHOWN_FROM_DAYS = 60


def days_text(days: int) -> str:
    shown = ngettext("%(count)s day", "%(count)s days", days) % {
        "count": number_format(days, force_grouping=True)
    }
    if days < MONTHS_SHOWN_FROM_DAYS:
        return shown
    months = round(days / DAYS_PER_MONTH)
    about = ngettext("about %(count)s month", "about %(count)s months", months) % {"count": months}
    return _("%(days)s (%(about)s)") % {"days": shown, "about": about}


def seconds_text(seconds: int) -> str:
    """Whole minutes when the period is made of them, seconds otherwise."""
    if seconds >= 60 and seconds % 60 == 0:
        minutes = seconds // 60
        return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}
    return ngettext("%(count)s second", "%(count)s seconds", seconds) % {"count": seconds}
