"""Links to the contact form that pre-fill it, signed so that a tampered link pre-fills nothing."""

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "support.contact.prefill"
MAX_AGE_SECONDS = 90 * 24 * 3600  # a security e-mail stays usable for three months
FIELDS = ("category", "error", "site", "identity_provider", "reference")
MAX_LENGTH = 200


def contact_url(*, absolute: bool = False, **values: str) -> str:
    data = {field: str(values[field])[:MAX_LENGTH] for field in FIELDS if values.get(field)}
    url = reverse("support_contact")
    if data:
        url += "?" + urlencode({"p": signing.dumps(data, salt=SALT, compress=True)})
    return settings.PUBLIC_BASE_URL + url if absolute else url


def prefill_from(token: str) -> dict[str, str]:
    """What a link pre-fills; nothing at all when its signature does not check or it is too old."""
    if not token:
        return {}
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return {}
    if not isinstance(data, dict):
        return {}
    return {field: str(data[field])[:MAX_LENGTH] for field in FIELDS if isinstance(data.get(field), str)}
