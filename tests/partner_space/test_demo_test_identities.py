"""The demo's test identities: at the identity provider of test identities only (which only
sandbox sites offer), valid pivot identities, and known to the demo register."""

from types import SimpleNamespace

from demo.citizens import TEST_CITIZENS, TEST_IDENTITY_PROVIDERS
from demo.identity_provider.oidc import PivotIdentityValidator
from demo.identity_register import DemoIdentityRegister
from franceconnect.federation.identity_register import RegisterStatus
from identity_providers.pivot import pivot_identity_from_claims


def test_test_identities_live_at_the_testing_provider_only():
    assert TEST_IDENTITY_PROVIDERS["test"]["for_testing"] is True
    assert all(person["providers"] == ["test"] for person in TEST_CITIZENS)


def test_test_identities_are_valid_pivot_identities_the_register_answers():
    statuses = {}
    for person in TEST_CITIZENS:
        citizen = SimpleNamespace(**{**person, "birthdate": None})
        claims = PivotIdentityValidator().get_additional_claims(SimpleNamespace(user=citizen))
        identity = pivot_identity_from_claims({**claims, "birthdate": person["birthdate"]})
        statuses[person["username"]] = DemoIdentityRegister().check(identity).status
    assert statuses["test.aicha.bensaid"] is RegisterStatus.FOUND
    assert statuses["test.marie-helene.de-la-tour"] is RegisterStatus.FOUND
    assert statuses["test.lucas.inconnu"] is RegisterStatus.NOT_FOUND
