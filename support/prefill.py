"""Links to the contact form that pre-fill it.

Two kinds. Error pages sign what they pre-fill (``?p=…``, category, error code, site, identity
provider), so that a tampered link pre-fills nothing. The security e-mail's « it was not me »
link names only the connection's reference (``?signaler=CX-…``): short enough to read and to
copy from a plain-text e-mail, and the site and identity provider are read from the connection
record itself, which only the portal can write. The reference is random (50 bits), and the page
shows what the e-mail already told its recipient (the site's and the provider's names).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.urls import reverse

from franceconnect.federation.selectors import connection_by_reference
from franceconnect.infrastructure.references import is_connection_reference, reference_normalize

SALT = "support.contact.prefill"
MAX_AGE_SECONDS = 90 * 24 * 3600  # a signed link stays usable for three months
FIELDS = ("category", "error", "site", "identity_provider", "reference")
MAX_LENGTH = 200
REPORT_PARAMETER = "signaler"  # « report »: the link says what it is for
REPORT_CATEGORY = "identity_theft"


def contact_url(*, absolute: bool = False, **values: str) -> str:
    data = {field: str(values[field])[:MAX_LENGTH] for field in FIELDS if values.get(field)}
    url = reverse("support_contact")
    if data:
        url += "?" + urlencode({"p": signing.dumps(data, salt=SALT, compress=True)})
    return settings.PUBLIC_BASE_URL + url if absolute else url


def report_url(reference: str) -> str:
    """The security e-mail's « it was not me » link, absolute: the contact form about one connection."""
    return (
        f"{settings.PUBLIC_BASE_URL}{reverse('support_contact')}?{urlencode({REPORT_PARAMETER: reference})}"
    )


def prefill_from(token: str) -> dict[str, str]:
    """What a signed link pre-fills; nothing at all when its signature does not check or it is too old."""
    if not token:
        return {}
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return {}
    if not isinstance(data, dict):
        return {}
    return {field: str(data[field])[:MAX_LENGTH] for field in FIELDS if isinstance(data.get(field), str)}


def prefill_from_report(value: str) -> dict[str, str]:
    """What a report link pre-fills: « someone used my identity » and the reference, with the
    site and identity provider of that connection when the portal still has its record. Anything
    that is not a connection reference pre-fills nothing."""
    reference = reference_normalize(value)[:MAX_LENGTH]
    if not is_connection_reference(reference):
        return {}
    prefill = {"category": REPORT_CATEGORY, "reference": reference}
    connection = connection_by_reference(reference)
    if connection is not None:
        prefill["site"] = connection.service_provider.name[:MAX_LENGTH]
        if connection.identity_provider is not None:
            prefill["identity_provider"] = connection.identity_provider.name[:MAX_LENGTH]
    return prefill
