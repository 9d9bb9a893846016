"""Pages of the demo partner site: home, login through the portal, personal page, logout."""

import logging

import requests
from authlib.integrations.base_client import OAuthError
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from joserfc.errors import JoseError

from demo.partner_site import portal
from demo.partner_site.portal import LoginError

log = logging.getLogger(__name__)

# Session keys: the verified claims shown on the personal page, and the raw ID token kept only
# as the logout's id_token_hint.
IDENTITY = "identity"
LOGOUT_HINT = "id_token_hint"

# What the portal or the network may throw at us while loading discovery, keys or tokens.
PORTAL_FAILURES = (requests.RequestException, ValueError, KeyError, RuntimeError)

ERRORS = {
    "not_registered": (
        "Site non inscrit auprès du portail",
        "Ce site de démonstration n'est pas encore inscrit auprès du portail : il n'a pas d'identifiants "
        "de client (fichier client.json absent ou illisible). Lancez l'installation de la démonstration "
        "du portail, qui inscrit les sites partenaires.",
    ),
    "state": (
        "Réponse inattendue",
        "Cette réponse du portail ne correspond à aucune connexion en cours sur ce site (paramètre "
        "« state » absent, inconnu ou déjà utilisé). Recommencez depuis la page d'accueil.",
    ),
    "issuer": (
        "Réponse d'un autre émetteur",
        "Cette réponse annonce un émetteur (« iss ») qui n'est pas le portail auquel ce site s'adresse : "
        "elle est ignorée.",
    ),
    "missing_code": (
        "Réponse incomplète",
        "Le portail n'a renvoyé ni code d'autorisation ni erreur.",
    ),
    "portal_error": (
        "Connexion interrompue",
        "Le portail a répondu par une erreur : la connexion n'a pas eu lieu.",
    ),
    "token_error": (
        "Connexion refusée par le portail",
        "Le portail a refusé d'échanger le code d'autorisation contre des jetons.",
    ),
    "id_token_invalid": (
        "Jeton d'identité refusé",
        "Le jeton d'identité reçu n'a pas passé les vérifications (signature, émetteur, audience, "
        "expiration ou nonce) : ce site ne vous a pas connecté.",
    ),
    "userinfo": (
        "Informations d'identité refusées",
        "Les informations d'identité envoyées par le portail n'ont pas passé les vérifications "
        "(signature, émetteur, audience ou sujet) : ce site ne vous a pas connecté.",
    ),
    "portal_unreachable": (
        "Portail injoignable",
        "Le portail n'a pas répondu correctement. Réessayez dans quelques instants.",
    ),
    "logout_state": (
        "Retour de déconnexion inattendu",
        "Ce retour du portail ne correspond à aucune déconnexion demandée depuis ce site.",
    ),
}


def instance(request):
    return {
        "site_name": settings.INSTANCE_NAME,
        "site_colour": settings.INSTANCE_COLOUR,
        "site_tagline": settings.INSTANCE_TAGLINE,
        "portal_url": settings.PORTAL_URL,
    }


def redirect_uri() -> str:
    return f"{settings.PUBLIC_URL}/oidc/callback/"


def post_logout_redirect_uri() -> str:
    return f"{settings.PUBLIC_URL}/deconnexion/retour"


def home(request):
    identity = request.session.get(IDENTITY)
    context = {"registered": portal.credentials() is not None, "name": _display_name(identity)}
    return render(request, "demo_partner_site/home.html", context)


def login(request):
    if request.method != "POST":
        return redirect("home")
    app = portal.client()
    if app is None:
        return _error(request, "not_registered", status=503)
    try:
        return app.authorize_redirect(
            request,
            redirect_uri(),
            state=portal.random_value(),
            nonce=portal.random_value(),
            acr_values=portal.ACR_VALUES,
            # The site's pages are in French: the portal's pages of this login follow (unless the
            # person chose another language with the portal's switcher).
            ui_locales=settings.LANGUAGE_CODE,
        )
    except PORTAL_FAILURES as error:
        log.warning("login: portal discovery failed (%s)", type(error).__name__)
        return _error(request, "portal_unreachable", status=502)


def callback(request):
    app = portal.client()
    if app is None:
        return _error(request, "not_registered", status=503)
    state = request.GET.get("state", "")
    if not state or app.framework.get_state_data(request.session, state) is None:
        return _error(request, "state", status=400)
    # RFC 9207 (the portal sends "iss" with its answers): an answer from another provider the
    # browser was sent to (mix-up attack) must not be taken for the portal's.
    if "iss" in request.GET:
        try:
            issuer = app.load_server_metadata()["issuer"]
        except PORTAL_FAILURES as error:
            log.warning("callback: portal discovery failed (%s)", type(error).__name__)
            return _error(request, "portal_unreachable", status=502)
        if request.GET["iss"] != issuer:
            app.framework.clear_state_data(request.session, state)
            return _error(request, "issuer", status=400)
    if error := request.GET.get("error"):
        app.framework.clear_state_data(request.session, state)
        # The user cancelled or the portal refused: an ordinary outcome, not a fault of this site.
        return _error(
            request, "portal_error", error=error, description=request.GET.get("error_description", "")
        )
    if not request.GET.get("code"):
        app.framework.clear_state_data(request.session, state)
        return _error(request, "missing_code", status=400)
    try:
        identity, id_token = _identity(app, request)
    except LoginError as error:
        log.warning("login refused: %s", error.code)
        kind = "userinfo" if error.code.startswith("userinfo") else "id_token_invalid"
        return _error(request, kind, status=502, error=error.code, description=error.detail)
    except OAuthError as error:
        log.warning("login refused by the token endpoint: %s", error.error)
        return _error(request, "token_error", status=502, error=error.error, description=error.description)
    except JoseError as error:
        log.warning("ID token refused: %s", error.error)
        return _error(
            request, "id_token_invalid", status=502, error=error.error, description=error.description
        )
    except PORTAL_FAILURES as error:
        log.warning("login: portal failure (%s)", type(error).__name__)
        return _error(request, "portal_unreachable", status=502)
    # A new session key once logged in: a key planted before the login is worthless after it.
    request.session.cycle_key()
    request.session[IDENTITY] = identity
    request.session[LOGOUT_HINT] = id_token
    return redirect("me")


def _identity(app, request) -> tuple[dict, str]:
    """Exchange the code (Authlib checks state, PKCE, the ID token's signature, iss, aud, exp,
    nonce), then fetch and check the userinfo."""
    token = app.authorize_access_token(request)
    if "id_token" not in token or not token.get("userinfo"):
        raise LoginError("id_token_missing")
    id_claims = dict(token["userinfo"])  # Authlib's name for the verified ID token claims
    userinfo = portal.verified_userinfo(app, token, id_claims["sub"])
    return {"id_token": id_claims, "userinfo": userinfo}, token["id_token"]


def me(request):
    identity = request.session.get(IDENTITY)
    if not identity:
        return redirect("home")
    context = {
        "name": _display_name(identity),
        "userinfo": _rows(identity["userinfo"]),
        "id_token": _rows(identity["id_token"]),
    }
    return render(request, "demo_partner_site/me.html", context)


def logout(request):
    if request.method != "POST":
        return redirect("home")
    id_token = request.session.get(LOGOUT_HINT)
    app = portal.client()
    if not id_token or app is None:
        request.session.flush()
        return redirect("home")
    # Forget the identity before leaving: if the portal never sends the browser back, this site
    # must not still show the personal page. Only the logout's state stays in the session.
    request.session.pop(IDENTITY, None)
    request.session.pop(LOGOUT_HINT, None)
    try:
        return app.logout_redirect(
            request,
            post_logout_redirect_uri=post_logout_redirect_uri(),
            id_token_hint=id_token,
            state=portal.random_value(),
            ui_locales=settings.LANGUAGE_CODE,
        )
    except PORTAL_FAILURES as error:
        log.warning("logout: portal failure (%s)", type(error).__name__)
        request.session.flush()
        return _error(request, "portal_unreachable", status=502)


def logout_return(request):
    app = portal.client()
    if app is None:
        return _error(request, "not_registered", status=503)
    try:
        app.validate_logout_response(request)
    except OAuthError:
        return _error(request, "logout_state", status=400)
    request.session.flush()
    messages.success(request, "Vous êtes déconnecté.")
    return redirect("home")


def _display_name(identity: dict | None) -> str:
    if not identity:
        return ""
    userinfo = identity.get("userinfo", {})
    return " ".join(part for part in (userinfo.get("given_name"), userinfo.get("family_name")) if part)


def _rows(claims: dict) -> list[tuple[str, str]]:
    def shown(value) -> str:
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)

    return [(name, shown(value)) for name, value in sorted(claims.items())]


def _error(request, kind: str, *, status: int = 200, error: str | None = "", description: str | None = ""):
    title, message = ERRORS[kind]
    # The portal's error_description is echoed back; keep it short (it is escaped by the template).
    context = {
        "title": title,
        "message": message,
        "error": (error or "")[:100],  # Authlib leaves absent fields as None
        "description": (description or "")[:500],
    }
    return render(request, "demo_partner_site/error.html", context, status=status)
