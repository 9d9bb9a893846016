"""No code, token or personal data in the portal's logs: a whole login is logged at DEBUG and
no record carries any of its secrets or identity fields. Gunicorn keeps its default (no access
log, which would print query strings such as the identity provider's ``?code=…&state=…``)."""

import logging
from pathlib import Path

import jwt
import pytest

from tests.flow_fixtures import query_of

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_a_whole_login_logs_no_code_token_or_identity(partner, citizen, caplog, fake_provider):
    caplog.set_level(logging.DEBUG)

    to_provider = citizen.log_in_at_provider(partner.authorize())
    assert to_provider.status_code == 200
    back = citizen.confirm()
    code = query_of(back["Location"])["code"]
    token = partner.token(code).json()
    userinfo = partner.userinfo(token["access_token"])
    claims = jwt.decode(userinfo.content, options={"verify_signature": False})

    secrets = {
        "partner's code": code,
        "access token": token["access_token"],
        "ID token": token["id_token"],
        "state": partner.state,
        "nonce": partner.nonce,
        "sub": claims["sub"],
        "given name": "Angela",
        "family name": "DUBOIS",
        "birthdate": "1962-08-24",
        "email": "angela.dubois@example.org",
    }
    logged = "\n".join(record.getMessage() + str(record.args) for record in caplog.records)
    assert logged, "nothing was logged: the test would prove nothing"
    assert [name for name, value in secrets.items() if value in logged] == []


def test_no_process_is_started_with_an_access_log():
    for launcher in ("demo/run.py", "bench/stack.py"):
        source = (ROOT / launcher).read_text()
        assert "access-logfile" not in source and "accesslog" not in source, launcher
