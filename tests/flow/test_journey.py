import jwt
import pytest

from tests.flow.conftest import REDIRECT_URI, query_of

pytestmark = pytest.mark.django_db


def test_the_whole_journey(partner, citizen):
    confirmation = citizen.log_in_at_provider(partner.authorize())

    assert confirmation.status_code == 200
    html = confirmation.content.decode()
    assert "Bienvenue Angela Claire Louise DUBOIS" in html
    assert "Continuer sur Site partenaire" in html

    back = citizen.confirm()
    assert back.status_code == 302 and back["Location"].startswith(REDIRECT_URI + "?")
    answer = query_of(back["Location"])
    assert answer["state"] == partner.state
    assert answer["iss"] == "http://127.0.0.1:8000/api/v2"

    token = partner.token(answer["code"])
    assert token.status_code == 200, token.content
    body = token.json()
    assert set(body) >= {"access_token", "token_type", "expires_in", "id_token", "scope"}
    header = jwt.get_unverified_header(body["id_token"])
    assert header["alg"] == "ES256" and header["kid"]
    claims = jwt.decode(body["id_token"], options={"verify_signature": False})
    assert claims["nonce"] == partner.nonce and claims["acr"] == "eidas1"

    userinfo = partner.userinfo(body["access_token"])
    assert userinfo.status_code == 200 and userinfo["Content-Type"] == "application/jwt"
    info = jwt.decode(userinfo.content, options={"verify_signature": False})
    assert info["sub"] == claims["sub"]
    assert info["given_name"] == "Angela Claire Louise" and info["given_name_array"] == [
        "Angela",
        "Claire",
        "Louise",
    ]
    assert info["email"] == "angela.dubois@example.org"
