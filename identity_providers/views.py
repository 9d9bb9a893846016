"""The identity providers' logos, served by the portal itself.

WhiteNoise serves only the collected static files, never uploads, and Django's own
``static.serve`` is for development. This view answers only for a file that a provider's row
names as its logo (nothing else under MEDIA_ROOT is reachable), with the type its content proves
(identity_providers/logos.py), ``nosniff`` (SecurityMiddleware) and a policy forbidding anything
but showing it. It reads through Django's storage, so MEDIA_ROOT may be a shared folder or
another storage backend. Each upload gets a new name, so browsers keep a logo for a year.
"""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from identity_providers.logos import MAX_BYTES, logo_image
from identity_providers.models import IdentityProvider

CACHE_CONTROL = "public, max-age=31536000, immutable"
# Opened on its own, the image may do nothing: no script, no style, no plugin, no frame.
CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox"


@require_safe
def logo_file(request, name: str):
    if not IdentityProvider.objects.filter(logo=name).exists():
        raise Http404("no identity provider has this logo")
    try:
        with default_storage.open(name, "rb") as file:
            data = file.read(MAX_BYTES + 1)
        image = logo_image(data)
    except (OSError, ValidationError) as error:  # gone from the storage, or not an image we accept
        raise Http404("logo unavailable") from error
    response = HttpResponse(data, content_type=image.content_type)
    response["Cache-Control"] = CACHE_CONTROL
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return response
