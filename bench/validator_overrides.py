"""Micro-benchmark of the portal's departures from django-oauth-toolkit's own validator paths
(franceconnect/federation/provider/validator.py): the CPU each one saves per call, against the
library's code run on the same rows, to multiply by how many times a login runs it (README,
"Private-API overrides"). A private override stays only when that is at least 2 % of the portal's
CPU per login (about 0.5 ms).

    PYTHONPATH=. DATABASE_URL=postgres://postgres@127.0.0.1:5432/<yours> \\
        REDIS_URL=redis://127.0.0.1:6379/<yours> python -m bench.validator_overrides

It creates its own database (the test database's name + ``_validator_bench``) and drops it at the
end. CPU time (time.process_time) of this process, best of several rounds, in microseconds; the
database's own CPU is not counted (it runs elsewhere in production).
"""

import itertools
import os
import secrets
from datetime import timedelta

import django

from bench.overrides import _cpu_us

# What one login runs (counted on tests/flow/test_query_budget.py's journey, a returning citizen).
PER_LOGIN = {
    "site loaded (_load_application)": 3,  # authorize, confirmation, token
    "grant read (token request)": 1,
    "resource indicators (_check_and_set_request_resource)": 1,
    "access token row (_create_access_token)": 1,
    "savepoint (save_bearer_token, finalize_id_token)": 2,
    "bearer token (validate_bearer_token)": 1,
}


def _request(**attributes):
    from oauthlib.common import Request

    request = Request("https://portal.example/api/v2/token", http_method="POST")
    request.client = None
    for name, value in attributes.items():
        setattr(request, name, value)
    return request


def _must(valid: bool) -> None:
    if not valid:
        raise RuntimeError("the benchmark's access token was refused: it measures nothing")


def _figures() -> dict[str, tuple[float, float]]:
    """{what: (library's path, portal's path)} in µs of CPU per call."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone
    from oauth2_provider.models import AccessToken, Grant, IDToken, set_token_value
    from oauth2_provider.oauth2_validators import OAuth2Validator

    from franceconnect.federation.provider.tokens import jwt_sign
    from franceconnect.federation.provider.validator import FranceConnectValidator, _client_grant, _grant
    from franceconnect.federation.services import service_provider_register

    site, _secret = service_provider_register(
        name="Bench",
        redirect_uris=["https://partner.example/callback"],
        post_logout_redirect_uris=[],
        algorithm="ES256",
        scopes=["openid", "identite_pivot"],
    )
    user = get_user_model().objects.create(username="bench-citizen", account_key="bench")
    later = timezone.now() + timedelta(hours=1)
    code = secrets.token_urlsafe(30)
    Grant.objects.create(
        user=user,
        code=code,
        application=site,
        expires=later,
        redirect_uri="https://partner.example/callback",
        scope="openid identite_pivot",
        nonce="n" * 64,
    )
    portal = FranceConnectValidator()
    library = OAuth2Validator  # its methods, called on the portal's validator
    figures = {}

    def load_library():
        library._load_application(portal, site.client_id, _request())

    def load_portal():
        portal._load_application(site.client_id, _request())

    figures["site loaded (_load_application)"] = (_cpu_us(load_library), _cpu_us(load_portal))

    redirect_uri = "https://partner.example/callback"

    def grant_library():
        # django-oauth-toolkit reads the grant in each of these (and the citizen's row in validate_code).
        request = _request(client=site)
        library.validate_code(portal, site.client_id, code, site, request)
        library.get_code_challenge(portal, code, request)
        library.confirm_redirect_uri(portal, site.client_id, code, redirect_uri, site, request)
        library.get_authorization_code_scopes(portal, site.client_id, code, redirect_uri, request)
        library.get_authorization_code_nonce(portal, site.client_id, code, redirect_uri, request)

    def grant_portal():
        request = _request(client=site)
        # validate_code as the portal has it, without the cache reads it adds (code replay, login).
        grant = _client_grant(code, request, site)
        request.user = get_user_model()(pk=grant.user_id)
        portal.get_code_challenge(code, request)
        portal.confirm_redirect_uri(site.client_id, code, redirect_uri, site, request)
        _grant(code, request)
        _grant(code, request)

    figures["grant read (token request)"] = (_cpu_us(grant_library), _cpu_us(grant_portal))

    def resource_library():
        library._check_and_set_request_resource(
            portal, _request(client=site, code=code, grant_type="authorization_code")
        )

    def resource_portal():
        portal._check_and_set_request_resource(
            _request(client=site, code=code, grant_type="authorization_code")
        )

    figures["resource indicators (_check_and_set_request_resource)"] = (
        _cpu_us(resource_library),
        _cpu_us(resource_portal),
    )

    # An access token points to its own ID token (one to one): a fresh pair for every call.
    calls, rounds = 200, 5
    id_tokens = IDToken.objects.bulk_create(
        IDToken(user=user, scope="openid", expires=later, jti=secrets.token_hex(16), application=site)
        for _ in range(2 * calls * rounds)
    )
    library_id_tokens = iter(
        [
            jwt_sign({"aud": site.client_id, "jti": row.jti, "sub": "x"}, algorithm=site.algorithm)
            for row in id_tokens[: calls * rounds]
        ]
    )
    portal_id_tokens = iter(id_tokens[calls * rounds :])
    values = (f"bench-{number}" for number in itertools.count())

    def access_token_library():
        token = {"scope": "openid", "access_token": next(values), "id_token": next(library_id_tokens)}
        library._create_access_token(portal, later, _request(client=site, user=user), token)

    def access_token_portal():
        token = {"scope": "openid", "access_token": next(values)}
        request = _request(client=site, user=user, id_token=next(portal_id_tokens))
        portal._create_access_token(later, request, token)

    with transaction.atomic():
        figures["access token row (_create_access_token)"] = (
            _cpu_us(access_token_library, calls=calls, rounds=rounds),
            _cpu_us(access_token_portal, calls=calls, rounds=rounds),
        )

        def savepoint():
            with transaction.atomic():
                pass

        figures["savepoint (save_bearer_token, finalize_id_token)"] = (_cpu_us(savepoint), 0.0)
        transaction.set_rollback(True)

    bearer = secrets.token_urlsafe(30)
    access_token = AccessToken(user=user, scope="openid", expires=later, application=site, id_token=None)
    set_token_value(access_token, bearer)
    access_token.save()

    def bearer_library():
        _must(library.validate_bearer_token(portal, bearer, ["openid"], _request()))

    def bearer_portal():
        _must(portal.validate_bearer_token(bearer, ["openid"], _request()))

    figures["bearer token (validate_bearer_token)"] = (_cpu_us(bearer_library), _cpu_us(bearer_portal))
    return figures


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "franceconnect.project.settings_test")
    django.setup()
    from django.conf import settings
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    database = settings.DATABASES["default"]
    database["TEST"] = {**database.get("TEST", {}), "NAME": f"test_{database['NAME']}_validator_bench"}
    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        figures = _figures()
    finally:
        teardown_databases(databases, verbosity=0)
    print(f"{'library':>9} {'portal':>9} {'saved':>9} {'per login':>10}  (µs of CPU)")
    for name, (library, portal) in figures.items():
        saved = library - portal
        print(f"{library:9.1f} {portal:9.1f} {saved:9.1f} {saved * PER_LOGIN[name]:10.1f}  {name}")


if __name__ == "__main__":
    main()
