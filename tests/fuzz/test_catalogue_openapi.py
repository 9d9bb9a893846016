"""schemathesis against the catalogue's own OpenAPI document: every operation, with inputs
generated from its schema and beyond it, answers without a server error, in JSON, as documented."""

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from service_catalog.categories import categories_ensure

pytestmark = pytest.mark.django_db


# 405 and 503 are documented for every operation (JSON, the Errors shape); only a path the URL
# patterns do not match gets the portal's generic 404.
GENERIC_ELSEWHERE = {404}
CHECKS = (not_a_server_error, content_type_conformance, status_code_conformance, response_schema_conformance)


@pytest.fixture
def catalogue_operations(db):
    """The document's operations, called in-process through Django's WSGI handler so that they
    see the test's database; like Django's test client, the handler keeps that connection open."""
    categories_ensure()  # reference data from a migration, which transactional tests elsewhere flush
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi("/api/catalogue/v1/openapi.json", WSGIHandler())
        yield [result.ok() for result in schema.get_all_operations()]
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# schemathesis's own pytest integration (schemathesis.pytest.from_fixture) reads a private
# attribute pytest 9 no longer has; its schema and strategies are used here with hypothesis.
@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "100")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_the_catalogue_api_holds_to_its_document(data, catalogue_operations):
    operation = data.draw(st.sampled_from(catalogue_operations), label="operation")
    # Inputs the document allows, and inputs it does not (wrong types, out-of-range numbers...).
    mode = data.draw(st.sampled_from(list(GenerationMode)), label="mode")
    case = data.draw(operation.as_strategy(generation_mode=mode), label="case")

    response = case.call()

    # A path the URL patterns do not match (a slug such as "^") gets the site's generic 404, which
    # another part of the portal is making JSON on API paths: only "no server error" here.
    content_type = " ".join(response.headers.get("content-type", []))  # lowercased names, lists of values
    generic = response.status_code in GENERIC_ELSEWHERE and "json" not in content_type
    case.validate_response(response, checks=(not_a_server_error,) if generic else CHECKS)
