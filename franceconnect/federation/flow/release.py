"""« Continuer sur <site> »: the connection is recorded and the site receives its code.

The connection record and its security e-mail are written in the same transaction as the
authorization code (django-oauth-toolkit's grant); the identity then waits in the cache under
the code (franceconnect.federation.state), for the token and userinfo endpoints only.
"""

import logging
from urllib.parse import parse_qs, urlsplit

from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import get_language
from oauth2_provider.exceptions import OAuthToolkitError

from franceconnect.federation import state
from franceconnect.federation.identity import ReleasedLogin
from franceconnect.federation.provider.oauth import OAuthLib, error_redirect
from franceconnect.federation.provider.scopes import released_claims
from franceconnect.federation.services import connection_record_create
from service_statistics.services import login_stop_record
from service_statistics.steps import Step

logger = logging.getLogger(__name__)


def release_to_site(request, interaction: state.Interaction, site, sso: state.SingleSignOn, citizen):
    """Issue the interaction's code to its own site, for its own request, and send the browser there."""
    login = sso.login
    authorization = interaction.request
    released = released_claims(login.identity.as_dict(), authorization.scopes)
    # The site already read from the configuration memo: django-oauth-toolkit reuses it.
    credentials = {**authorization.oauth_credentials(), "client": site}
    try:
        with transaction.atomic():
            connection = connection_record_create(
                citizen=citizen,
                service_provider=site,
                identity_provider_id=login.identity_provider_id,
                identity_provider_name=login.identity_provider_name,
                acr=login.acr,
                claims=["sub", *released],
                identity=login.identity.as_dict(),
                language=get_language(),
                sso_session=sso.id,
            )
            uri, _headers, _body, _status = OAuthLib.get_oauthlib_core().create_authorization_response(
                request=request, scopes=list(authorization.scopes), credentials=credentials, allow=True
            )
            code = _query_value(uri, "code")
            if code is None:  # oauthlib answered with an error redirect: no connection happened
                transaction.set_rollback(True)
    except OAuthToolkitError as error:
        oauthlib_error = error.oauthlib_error
        state.interaction_finish(interaction)
        login_stop_record(
            step=Step.CONFIRMATION,
            code=oauthlib_error.error,
            service_provider_pk=site.pk,
            identity_provider_pk=login.identity_provider_id,
        )
        return error_redirect(
            authorization.redirect_uri,
            error=oauthlib_error.error,
            description=oauthlib_error.description or oauthlib_error.error,
            state_value=authorization.state,
        )
    state.interaction_finish(interaction)
    if code is None:
        login_stop_record(
            step=Step.CONFIRMATION,
            code=_query_value(uri, "error") or "server_error",
            service_provider_pk=site.pk,
            identity_provider_pk=login.identity_provider_id,
        )
    if code is not None:
        state.released_login_for_code_store(code, ReleasedLogin.of(login, connection=connection.reference))
        logger.info("connection %s completed", connection.reference)
    return redirect(uri)


def _query_value(uri: str, name: str) -> str | None:
    values = parse_qs(urlsplit(uri).query).get(name)
    return values[0] if values else None
