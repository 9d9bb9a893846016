"""Identity providers' logos: PNG or WebP only, with a text alternative, uploaded in admin,
shown on the chooser's tiles and served by the portal itself."""

import re
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from demo.logos import demo_logo_png, initials_of
from identity_providers.logos import MAX_BYTES, logo_image
from identity_providers.models import IdentityProvider
from tests.flow_fixtures import shows_the_chooser
from tests.identity_provider_fixtures import fake_registered
from tests.identity_providers.test_admin import CHANGELIST, _form_data

PNG = demo_logo_png("FA", "#6a1b9a")
SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


def _webp(chunk: bytes, body: bytes) -> bytes:
    data = chunk + struct.pack("<I", len(body)) + body
    return b"RIFF" + struct.pack("<I", len(data) + 4) + b"WEBP" + data


def _png_header(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", 13)
        + b"IHDR"
        + header
        + struct.pack(">I", zlib.crc32(b"IHDR" + header))
    )


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_png_and_the_three_kinds_of_webp_are_recognised_with_their_size():
    lossless = _webp(b"VP8L", bytes([0x2F]) + ((63) | (31 << 14)).to_bytes(4, "little"))
    lossy = _webp(b"VP8 ", b"\x00\x00\x00\x9d\x01\x2a" + struct.pack("<HH", 80, 40))
    extended = _webp(b"VP8X", b"\x00\x00\x00\x00" + (119).to_bytes(3, "little") + (59).to_bytes(3, "little"))

    assert logo_image(PNG).content_type == "image/png"
    assert (logo_image(PNG).width, logo_image(PNG).height) == (96, 96)
    assert [(logo_image(data).width, logo_image(data).height) for data in (lossless, lossy, extended)] == [
        (64, 32),
        (80, 40),
        (120, 60),
    ]
    assert logo_image(lossy).content_type == "image/webp"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (SVG_WITH_SCRIPT, "logo_format"),
        (b"GIF89a" + b"\x00" * 40, "logo_format"),
        (_png_header(2000, 100), "logo_dimensions"),
        (_png_header(0, 100), "logo_dimensions"),
    ],
)
def test_anything_else_is_refused(data, code):
    with pytest.raises(ValidationError) as refused:
        logo_image(data)
    assert refused.value.code == code


def _provider(**values) -> IdentityProvider:
    provider = IdentityProvider(
        slug="factice",
        name="Fournisseur factice",
        eidas_levels=["eidas1"],
        signing_algorithms=["RS256"],
        discovery_url="https://fi.example/.well-known/openid-configuration",
        client_id="portal",
        **values,
    )
    provider.client_secret = "secret"
    return provider


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "logo.svg",
            SVG_WITH_SCRIPT,
            "n’est pas autorisée. Les extensions autorisées sont\u00a0:  png, webp.",
        ),
        ("logo.png", SVG_WITH_SCRIPT, "Le logo doit être une image PNG ou WebP."),
        ("logo.webp", PNG, "Le nom du fichier doit se terminer par .png"),
        ("logo.png", PNG + b"\x00" * MAX_BYTES, "Le logo doit peser au plus 128\u00a0Ko."),
    ],
)
def test_the_model_refuses_a_logo_that_is_not_a_small_png_or_webp(name, content, message):
    provider = _provider(logo=SimpleUploadedFile(name, content), logo_alt="Logo factice")

    with pytest.raises(ValidationError) as refused:
        provider.full_clean()

    assert any(message in error for error in refused.value.message_dict["logo"])


@pytest.mark.django_db
def test_a_logo_needs_a_text_alternative_and_no_logo_needs_none():
    with pytest.raises(ValidationError) as refused:
        _provider(logo=SimpleUploadedFile("logo.png", PNG), logo_alt="  ").full_clean()
    assert refused.value.message_dict == {"logo_alt": ["Un logo a besoin d'une alternative textuelle."]}

    _provider().full_clean()
    _provider(logo=SimpleUploadedFile("logo.png", PNG), logo_alt="Logo factice").full_clean()


@pytest.mark.django_db
def test_an_administrator_uploads_a_logo_with_its_text_alternative(admin_client, fake_provider, media_root):
    data = _form_data(fake_provider, logo=SimpleUploadedFile("Mon Logo.PNG", PNG), logo_alt="Logo factice")

    response = admin_client.post(f"{CHANGELIST}add/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    provider = IdentityProvider.objects.get(slug="factice")
    assert re.fullmatch(r"identity_providers/factice-[a-z0-9]{8}\.png", provider.logo.name)
    assert (media_root / provider.logo.name).read_bytes() == PNG
    change_page = admin_client.get(f"{CHANGELIST}{provider.pk}/change/").content.decode()
    assert f'<img src="/media/{provider.logo.name}" alt="Logo factice" height="48">' in change_page


@pytest.mark.django_db
def test_the_admin_refuses_an_svg_and_a_logo_without_alternative(admin_client, fake_provider, media_root):
    svg = _form_data(fake_provider, logo=SimpleUploadedFile("logo.svg", SVG_WITH_SCRIPT), logo_alt="Logo")
    no_alt = _form_data(fake_provider, logo=SimpleUploadedFile("logo.png", PNG), logo_alt="")

    refused = [admin_client.post(f"{CHANGELIST}add/", data) for data in (svg, no_alt)]

    assert [response.status_code for response in refused] == [200, 200]
    assert "svg\u00a0» n’est pas autorisée" in refused[0].content.decode()
    assert "Un logo a besoin d&#x27;une alternative textuelle." in refused[1].content.decode()
    assert not IdentityProvider.objects.exists() and not any(media_root.rglob("*.*"))


@pytest.mark.django_db
def test_the_chooser_shows_each_logo_with_its_alternative_and_tiles_without_one(
    partner, fake_provider, media_root
):
    with_logo = fake_registered(fake_provider)
    with_logo.logo.save("fake.png", ContentFile(PNG), save=False)
    with_logo.logo_alt = "Logo du fournisseur factice"
    with_logo.save()
    fake_registered(fake_provider, slug="sans-logo", name="Fournisseur sans logo")

    chooser = partner.authorize()

    assert shows_the_chooser(chooser)
    tiles = re.findall(r"<li class=\"fr-col-12[^>]*>(.*?)</li>", chooser.content.decode(), re.S)
    assert len(tiles) == 2
    assert (
        f'<img class="fr-responsive-img" src="/media/{with_logo.logo.name}" '
        'alt="Logo du fournisseur factice" width="80" height="80">'
    ) in tiles[0]
    assert "Fournisseur sans logo" in tiles[1] and "<img" not in tiles[1]


@pytest.mark.django_db
def test_the_portal_serves_a_providers_logo_as_an_inert_image(client, fake_provider, media_root):
    provider = fake_registered(fake_provider)
    provider.logo.save("fake.png", ContentFile(PNG), save=False)
    provider.logo_alt = "Logo"
    provider.save()

    response = client.get(provider.logo.url)

    assert response.status_code == 200
    assert response.content == PNG
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.django_db
def test_nothing_else_under_media_root_is_served(client, fake_provider, media_root):
    (media_root / "identity_providers").mkdir()
    (media_root / "identity_providers" / "stray.png").write_bytes(PNG)
    legacy = fake_registered(fake_provider)  # an SVG stored before logos were checked
    IdentityProvider.objects.filter(pk=legacy.pk).update(logo="identity_providers/old.svg")
    (media_root / "identity_providers" / "old.svg").write_bytes(SVG_WITH_SCRIPT)

    assert client.get("/media/identity_providers/stray.png").status_code == 404
    assert client.get("/media/identity_providers/old.svg").status_code == 404
    assert client.get("/media/identity_providers/missing.png").status_code == 404
    for odd in ("a%00b.png", "..%2F..%2Fsettings.py", "../../manage.py", "stray.png%00.svg"):
        assert client.get(f"/media/identity_providers/{odd}").status_code == 404


def test_the_demo_logos_are_valid_pngs_of_the_providers_initials():
    assert initials_of("impots.gouv.fr (démo)") == "IM" and initials_of("ameli.fr (démo)") == "AM"
    png = demo_logo_png("IM", "#1f4e79")
    image = logo_image(png)
    assert (image.content_type, image.width, image.height) == ("image/png", 96, 96)
    pixels = zlib.decompress(png[png.index(b"IDAT") + 4 : png.index(b"IEND") - 8])
    assert len(pixels) == 96 * (1 + 96 * 3)
    assert bytes([0x1F, 0x4E, 0x79]) in pixels and b"\xff\xff\xff" in pixels
