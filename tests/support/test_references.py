"""Connection references (CX-…) and request references (DS-…) are told apart, and the FC-…
references given before still lead support to their connection or request."""

import html

import pytest

from franceconnect.federation.models import Connection
from franceconnect.federation.services import citizen_get_or_create
from franceconnect.infrastructure.references import is_connection_reference
from identity_providers.models import IdentityProvider
from support.models import Ticket
from support.prefill import report_url
from tests.support.test_contact import FORM

pytestmark = pytest.mark.django_db

LEGACY_CONNECTION = "FC-AB23CD45EF"
LEGACY_TICKET = "FC-2025-000123"


@pytest.fixture
def legacy_connection(site):
    provider = IdentityProvider.objects.create(
        slug="ameli", name="ameli.fr", discovery_url="https://idp.example/.well-known", client_id="x"
    )
    return Connection.objects.create(
        reference=LEGACY_CONNECTION,
        citizen=citizen_get_or_create(pivot="b" * 64),
        service_provider=site[0],
        identity_provider=provider,
        acr="eidas1",
    )


@pytest.mark.parametrize(
    ("value", "is_connection"),
    [
        ("CX-7KQ2M9PZ4T", True),
        (LEGACY_CONNECTION, True),
        (LEGACY_TICKET, False),
        ("DS-2026-000001", False),
        ("CX-SHORT", False),
        ("XX-7KQ2M9PZ4T", False),
    ],
)
def test_what_counts_as_a_connection_reference(value, is_connection):
    assert is_connection_reference(value) is is_connection


@pytest.mark.parametrize("reference", ["CX-7KQ2M9PZ4T", LEGACY_CONNECTION])
def test_the_report_link_prefills_the_form_from_the_connection_record(client, legacy_connection, reference):
    Connection.objects.filter(pk=legacy_connection.pk).update(reference=reference)

    response = client.get(report_url(reference).removeprefix("http://127.0.0.1:8000"))

    form = response.context["form"]
    assert form.initial == {"category": "identity_theft", "connection_reference": reference}
    page = html.unescape(response.content.decode())
    assert "Site\u00a0: Site partenaire" in page and "Fournisseur d'identité : ameli.fr" in page
    # Sent, the ticket keeps the site and provider read from the record, not from the link.
    client.post(
        "/contact/",
        {**FORM, "category": "identity_theft", "connection_reference": reference, "signaler": reference},
    )
    ticket = Ticket.objects.get()
    assert ticket.context == {"site": "Site partenaire", "identity_provider": "ameli.fr"}
    assert ticket.priority == Ticket.Priority.URGENT


def test_a_report_link_for_an_unknown_or_malformed_reference_shows_nothing_it_does_not_know(client):
    unknown = client.get("/contact/", {"signaler": "CX-7KQ2M9PZ4T"})
    malformed = client.get("/contact/", {"signaler": "<script>"})

    assert unknown.context["prefill"] == {"category": "identity_theft", "reference": "CX-7KQ2M9PZ4T"}
    assert malformed.context["prefill"] == {}
    assert "<script>" not in malformed.content.decode().split("<main", 1)[1]


def test_admin_finds_old_references(admin_client, legacy_connection):
    ticket = Ticket.objects.create(
        reference=LEGACY_TICKET,
        name="Angela",
        email="angela@example.org",
        category="identity_theft",
        connection_reference=LEGACY_CONNECTION,
    )

    for query in (LEGACY_TICKET, LEGACY_CONNECTION):
        found = admin_client.get("/admin/support/ticket/", {"q": query}).context["cl"].result_list
        assert list(found) == [ticket]
    connections = admin_client.get("/admin/franceconnect/connection/", {"q": LEGACY_CONNECTION})
    assert list(connections.context["cl"].result_list) == [legacy_connection]
