"""SQL statements per step of a complete login: the hot path stays free of needless queries.

The benchmark (bench/) measures time; these budgets keep the reasons it is fast from eroding:
sessions in Redis (no SQL), partner sites and identity providers from the configuration memo,
each row read once per request, no refresh token, no last_login write for citizens. Savepoints are not counted (they are not round trips of their own in
production, where these steps run in autocommit mode).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from franceconnect.federation.models import User
from tests.flow_fixtures import query_of
from tests.staff_fixtures import current_code

pytestmark = pytest.mark.django_db

BUDGET = {
    # Partner sites and identity providers come from the configuration memo once warm
    # (franceconnect.infrastructure.cache.ConfigurationMemo), django-oauth-toolkit's client checks included.
    "authorize and chooser": 0,
    "identity provider login": 0,
    # The citizen's account; the identity return and the confirmation screen are answered in place,
    # from the single sign-on just stored in the session.
    "identity provider callback and confirmation page": 1,
    "confirmation": 4,  # citizen (still active?), connection, notification (its unique key), code
    "token": 4,  # code (alone: the claims come with it from the cache), ID token, access token, code deleted
    "userinfo": 1,  # access token with its site
}


def _statements(queries) -> list[str]:
    return [query["sql"] for query in queries if "SAVEPOINT" not in query["sql"]]


def _journey(client, partner, citizen) -> dict[str, list[str]]:
    counted = {}

    def step(name, request):
        with CaptureQueriesContext(connection) as queries:
            response = request()
        counted[name] = _statements(queries)
        return response

    chooser = step("authorize and chooser", partner.authorize)  # one request: the chooser at once
    url = next(choice["url"] for choice in chooser.context["choices"] if choice["provider"].slug == "fake")
    to_provider = step("identity provider login", lambda: client.get(url))
    code = citizen.fake.authorize(to_provider["Location"])
    state = query_of(to_provider["Location"])["state"]
    returned = step(
        "identity provider callback and confirmation page",
        lambda: client.get("/fi/retour", {"code": code, "state": state}),
    )
    assert "franceconnect/confirmation.html" in {template.name for template in returned.templates}
    citizen.read_confirmation(returned)
    confirmed = step("confirmation", lambda: citizen.confirm())
    token = step("token", lambda: partner.token(query_of(confirmed["Location"])["code"]))
    assert token.status_code == 200
    userinfo = step("userinfo", lambda: partner.userinfo(token.json()["access_token"]))
    assert userinfo.status_code == 200
    return counted


def test_each_step_of_a_returning_citizens_login_stays_within_its_query_budget(client, partner, citizen):
    _journey(client, partner, citizen)  # the first login creates the account and fills the memo
    client.cookies.clear()  # a new browser session: the whole journey again, chooser included

    counted = _journey(client, partner, citizen)

    over = {name: statements for name, statements in counted.items() if len(statements) > BUDGET[name]}
    assert not over, over
    assert sum(len(statements) for statements in counted.values()) <= sum(BUDGET.values())


def test_a_first_login_creates_the_account_in_one_insert_and_writes_no_last_login(client, partner, citizen):
    counted = _journey(client, partner, citizen)

    writes = [
        sql
        for sql in counted["identity provider callback and confirmation page"]
        if not sql.startswith("SELECT")
    ]
    assert len(writes) == 1 and writes[0].startswith('INSERT INTO "franceconnect_user"')
    assert User.objects.get().last_login is None
    assert not User.objects.get().has_usable_password()


def test_staff_logins_still_record_their_last_login(client, admin_user):
    device = TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    answer = client.post(
        "/admin/login/", {"username": "admin", "password": "password", "otp_token": current_code(device)}
    )
    assert answer.status_code == 302

    admin_user.refresh_from_db()
    assert admin_user.last_login is not None
