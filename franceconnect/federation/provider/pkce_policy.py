"""Which partner sites must send PKCE (read by django-oauth-toolkit through PKCE_REQUIRED).

FranceConnect v2 partner code is mostly confidential server-side clients that never send PKCE,
so requiring it for them would break existing integrations (DESIGN.md §3). Public clients,
which have no secret to prove who they are, must use it. An unknown client is treated as public;
the authorization request then fails on the client itself anyway.
"""


def pkce_required_for_client(client_id: str) -> bool:
    from oauth2_provider.models import get_application_model

    ServiceProvider = get_application_model()
    if "\x00" in client_id:  # no such client; PostgreSQL would refuse the query
        return True
    client_type = (
        ServiceProvider.objects.filter(client_id=client_id).values_list("client_type", flat=True).first()
    )
    return client_type != ServiceProvider.CLIENT_CONFIDENTIAL
