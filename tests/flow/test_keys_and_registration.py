import json
from io import StringIO

import jwt
import pytest
from django.core.management import CommandError, call_command

from franceconnect.federation.models import ServiceProvider
from franceconnect.federation.provider import signing_keys
from tests.flow_fixtures import query_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_keys_dir(settings, tmp_path):
    settings.OIDC_SIGNING_KEYS_DIR = tmp_path / "keys"
    signing_keys.signing_keys.cache_clear()
    yield settings.OIDC_SIGNING_KEYS_DIR
    signing_keys.signing_keys.cache_clear()


def _verify_with_published_keys(client, token: str) -> dict:
    kid = jwt.get_unverified_header(token)["kid"]
    published = {key["kid"]: key for key in client.get("/api/v2/jwks").json()["keys"]}
    key = jwt.PyJWK(published[kid])
    return jwt.decode(token, key, algorithms=[published[kid]["alg"]], options={"verify_aud": False})


def test_a_key_rotation_keeps_earlier_tokens_verifiable(client, partner, citizen, own_keys_dir):
    citizen.log_in_at_provider(partner.authorize())
    before = partner.token(query_of(citizen.confirm()["Location"])["code"]).json()["id_token"]

    call_command("signing_keys_rotate", stdout=StringIO())
    signing_keys.signing_keys.cache_clear()  # what a restart does
    client.logout()
    citizen.log_in_at_provider(partner.authorize())
    after = partner.token(query_of(citizen.confirm()["Location"])["code"]).json()["id_token"]

    assert jwt.get_unverified_header(before)["kid"] != jwt.get_unverified_header(after)["kid"]
    assert _verify_with_published_keys(client, before)["nonce"] == partner.nonce
    assert _verify_with_published_keys(client, after)["nonce"] == partner.nonce
    assert len(client.get("/api/v2/jwks").json()["keys"]) == 4  # two generations of RS256 and ES256


def test_register_service_provider_prints_credentials_as_json_and_stores_the_secret_hashed():
    out = StringIO()

    call_command(
        "register_service_provider",
        "--name",
        "Mon site",
        "--redirect-uri",
        "https://site.example/cb",
        "--redirect-uri",
        "https://site.example/cb2",
        "--post-logout-redirect-uri",
        "https://site.example/bye",
        "--algorithm",
        "RS256",
        "--scopes",
        "openid profile email",
        stdout=out,
    )

    credentials = json.loads(out.getvalue())
    assert set(credentials) == {"client_id", "client_secret"}
    site = ServiceProvider.objects.get(client_id=credentials["client_id"])
    assert site.redirect_uris.split() == ["https://site.example/cb", "https://site.example/cb2"]
    assert site.algorithm == "RS256" and site.allowed_scope_set == {"openid", "profile", "email"}
    assert credentials["client_secret"] not in site.client_secret
    assert site.client_secret.startswith("fc_client_secret_sha256$")


@pytest.mark.parametrize(
    ("scopes", "message"), [("openid nonsense", "unknown scopes"), ("profile", "must include openid")]
)
def test_register_service_provider_refuses_bad_scopes(scopes, message):
    with pytest.raises(CommandError, match=message):
        call_command(
            "register_service_provider",
            "--name",
            "X",
            "--redirect-uri",
            "https://x.example/cb",
            "--scopes",
            scopes,
        )


def test_register_service_provider_refuses_a_malformed_redirect_uri():
    with pytest.raises(CommandError):
        call_command("register_service_provider", "--name", "X", "--redirect-uri", "not a uri")


CHANGELIST = "/admin/franceconnect/serviceprovider/"


def test_admin_adds_a_site_and_shows_its_secret_once(admin_client):
    response = admin_client.post(
        f"{CHANGELIST}add/",
        {
            "name": "Site ajouté",
            "site_url": "https://site.example",
            "is_active": "on",
            "contact_email": "",
            "sector": "public",
            # A form that still sends the toolkit's choices gets the portal's anyway.
            "client_type": "public",
            "authorization_grant_type": "password",
            "redirect_uris": "https://site.example/cb",
            "post_logout_redirect_uris": "",
            "allowed_scopes": "openid identite_pivot",
            "eidas_level": "eidas1",
            "algorithm": "ES256",
            "sector_identifier": "",
        },
        follow=True,
    )

    page = response.content.decode()
    assert "Secret client de Site ajouté, affiché uniquement maintenant" in page.replace("&#x27;", "'")
    site = ServiceProvider.objects.get(name="Site ajouté")
    assert (site.client_type, site.authorization_grant_type) == ("confidential", "authorization-code")
    secret = page.split("affiché uniquement maintenant : ")[1].split("<")[0].strip()
    assert site.client_secret.startswith("fc_client_secret_sha256$") and secret not in site.client_secret
    change_page = admin_client.get(f"{CHANGELIST}{site.pk}/change/").content.decode()
    assert secret not in change_page and site.client_secret not in change_page


def test_the_site_form_speaks_the_service_s_terms_and_the_toolkit_s_tables_are_hidden(admin_client):
    form = admin_client.get(f"{CHANGELIST}add/").content.decode()
    home = admin_client.get("/admin/").content.decode()

    assert 'name="client_type"' not in form and 'name="authorization_grant_type"' not in form
    for hidden in ("/admin/oauth2_provider/", "/admin/dsfr/"):
        assert hidden not in home


def test_admin_lists_sites_and_connections(admin_client, site):
    assert "Site partenaire" in admin_client.get(CHANGELIST).content.decode()
    assert admin_client.get("/admin/franceconnect/connection/").status_code == 200
