"""Identity providers' logos: what an uploaded file may be, where it is stored, how it is named.

Only PNG and WebP are accepted, recognised by their content (not by the name or the type the
browser announced), within a size and dimensions fit for a tile. SVG is refused on purpose: an
SVG is a document that can carry scripts and external references, and an administrator's upload
would then run in citizens' browsers wherever it is opened. Raster images carry none, and are
served back with the type their content proves (identity_providers/views.py), so a file renamed
into a .png cannot become something else. No image library is needed: the two formats' headers
say what they are and how large they are.
"""

import struct
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 128 * 1024
MAX_SIDE_PIXELS = 1024
UPLOAD_FOLDER = "identity_providers"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# The names logo_upload_to gives (a slug, a random part): the only addresses the portal serves.
STORED_NAME_PATTERN = rf"{UPLOAD_FOLDER}/[-A-Za-z0-9_]+\.(?:png|webp)"


@dataclass(frozen=True)
class LogoImage:
    content_type: str
    extension: str
    width: int
    height: int


def logo_image(data: bytes) -> LogoImage:
    """What ``data`` is, from its header; ValidationError if it is not a PNG or WebP image."""
    if data.startswith(PNG_SIGNATURE) and data[12:16] == b"IHDR" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return _checked(LogoImage("image/png", ".png", width, height))
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _checked(LogoImage("image/webp", ".webp", *_webp_size(data)))
    raise ValidationError(_("The logo must be a PNG or WebP image."), code="logo_format")


def _webp_size(data: bytes) -> tuple[int, int]:
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:  # extended: canvas size minus one, 24 bits each
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    if chunk == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:  # lossless: 14 bits each, minus one
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":  # lossy: 14 bits each
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    raise ValidationError(_("The logo must be a PNG or WebP image."), code="logo_format")


def _checked(image: LogoImage) -> LogoImage:
    if not (0 < image.width <= MAX_SIDE_PIXELS and 0 < image.height <= MAX_SIDE_PIXELS):
        raise ValidationError(
            _("The logo must be at most %(max)d × %(max)d pixels."),  # noqa: RUF001 (the multiplication sign)
            code="logo_dimensions",
            params={"max": MAX_SIDE_PIXELS},
        )
    return image


def logo_validate(file) -> None:
    """The logo field's validator: size, then what the content is, then that the name says so."""
    if file.size > MAX_BYTES:
        raise ValidationError(
            _("The logo must weigh at most %(max)d KB."), code="logo_size", params={"max": MAX_BYTES // 1024}
        )
    file.seek(0)
    image = logo_image(file.read(MAX_BYTES))
    file.seek(0)
    if PurePath(file.name).suffix.lower() != image.extension:
        raise ValidationError(
            _("The file's name must end in %(extension)s, as its content is that kind of image."),
            code="logo_extension",
            params={"extension": image.extension},
        )


def logo_upload_to(provider, filename: str) -> str:
    """A new name at each upload (the provider's slug and a random part): browsers may keep a
    logo for a year, since another logo gets another address."""
    extension = PurePath(filename).suffix.lower()
    return f"{UPLOAD_FOLDER}/{provider.slug}-{get_random_string(8).lower()}{extension}"
