"""One complete federated login, as a browser and a partner site do it (plain HTTP, no browser).

authorize (state, nonce, PKCE) → chooser → identity provider's login form → callback →
confirmation → code exchange → userinfo JWT. A login counts only if the ID token and the
userinfo signatures verify and the claims are the expected person's.

The driver shares the machine with the processes it measures, so it speaks HTTP through urllib3
directly (one pool for all its threads) and keeps each login's cookies in a minimal browser-like
store: requests' session layers and http.cookiejar's policy work cost it some 1.6 ms of CPU per
request.
"""

import base64
import email.utils
import hashlib
import html
import json
import re
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import jwt
import urllib3

from bench.instrumentation import endpoint_path as portal_endpoint_path

CITIZEN = ("angela.dubois", "demo-password", "Angela Claire Louise", "DUBOIS")
REDIRECT_URI = "https://bench.invalid/callback"


class LoginFailure(Exception):
    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


@dataclass
class PortalRequest:
    endpoint: str
    seconds: float  # as the client saw it
    queries: int  # X-Query-Count
    cpu_seconds: float  # X-CPU-Microseconds: the portal worker's CPU inside Django
    server_seconds: float  # X-Server-Microseconds: wall time inside Django (no queue, no transport)
    upstream_seconds: float  # X-Upstream-Microseconds: the portal waiting on the identity provider
    instance: str = ""  # X-Portal-Instance: which portal answered, behind bench.balancer's HAProxy


@dataclass
class LoginResult:
    seconds: float
    portal_requests: list[PortalRequest] = field(default_factory=list)

    @property
    def portal_seconds(self) -> float:
        """Time spent waiting on the portal's answers, as the client saw it."""
        return sum(request.seconds for request in self.portal_requests)

    @property
    def portal_added_seconds(self) -> float:
        """What the portal adds to the login: its answers' time minus its own waits on the
        identity provider (whose token and userinfo endpoints it calls from /fi/retour)."""
        return sum(request.seconds - request.upstream_seconds for request in self.portal_requests)

    @property
    def portal_server_added_seconds(self) -> float:
        """The same, counted inside the portal's processes: without the wait for a free worker
        (the closed-loop driver keeps more logins in flight than there are workers) or transport."""
        return sum(request.server_seconds - request.upstream_seconds for request in self.portal_requests)

    @property
    def portal_cpu_seconds(self) -> float:
        return sum(request.cpu_seconds for request in self.portal_requests)


# Shared by all the driver's threads (a PoolManager is thread-safe). More logins in flight than
# connections kept per host just open extra ones (block=False). No retries, no redirects: the
# driver follows Location itself, hop by hop, to time each portal request.
HTTP = urllib3.PoolManager(maxsize=32, block=False, retries=False)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


class Cookies:
    """One browser's cookies: per host, not per port (as browsers keep them: the portal and the
    identity provider both run on 127.0.0.1 and name their cookies differently), name → value.

    Path, Domain, Secure and SameSite are ignored (all are "/" and plain HTTP here); a cookie is
    deleted by Max-Age <= 0 or, without Max-Age, by an Expires in the past.
    """

    __slots__ = ("_hosts",)

    def __init__(self):
        self._hosts: dict[str, dict[str, str]] = {}

    def get(self, host: str, name: str) -> str | None:
        return self._hosts.get(host, {}).get(name)

    def header(self, host: str) -> str | None:
        """The ``Cookie:`` header to send to ``host``, or None when it set none."""
        jar = self._hosts.get(host)
        if not jar:
            return None
        return "; ".join(f"{name}={value}" for name, value in jar.items())

    def store(self, host: str, set_cookie_headers: Iterable[str]) -> None:
        """Keeps (or deletes) the cookies of a response's ``Set-Cookie`` headers."""
        jar = self._hosts.setdefault(host, {})
        for header in set_cookie_headers:
            parsed = SimpleCookie()
            try:
                parsed.load(header)
            except CookieError:
                parsed = SimpleCookie()
            if not parsed:  # a value SimpleCookie refuses: keep it as a browser would, verbatim
                name, _, value = header.partition(";")[0].partition("=")
                if name.strip():
                    jar[name.strip()] = value.strip()
                continue
            for name, morsel in parsed.items():
                if _deleted(morsel):
                    jar.pop(name, None)
                else:
                    jar[name] = morsel.coded_value  # as received: a browser sends it back verbatim


def _deleted(morsel) -> bool:
    max_age = morsel["max-age"]
    if max_age != "":
        try:
            return int(max_age) <= 0
        except ValueError:
            pass  # an unreadable Max-Age is ignored, as browsers do
    expires = morsel["expires"]
    if expires:
        when = email.utils.parsedate_tz(expires)
        return when is not None and email.utils.mktime_tz(when) <= time.time()
    return False


@dataclass(slots=True)
class Answer:
    """A response, its body read in full (the connection is back in the pool)."""

    url: str
    status: int
    headers: urllib3.HTTPHeaderDict
    body: bytes
    seconds: float  # the exchange as the client saw it

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        return json.loads(self.body)

    @property
    def is_redirect(self) -> bool:
        return self.status in REDIRECT_STATUSES and "Location" in self.headers


def send(
    method: str,
    url: str,
    cookies: Cookies,
    *,
    form: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> Answer:
    """One request as a browser sends it: its cookies for the URL's host in one ``Cookie:``
    header, a form urlencoded; the answer's cookies kept. Redirects are not followed."""
    host = urlsplit(url).hostname or ""
    sending = dict(headers) if headers else {}
    cookie = cookies.header(host)
    if cookie:
        sending["Cookie"] = cookie
    body = None
    if form is not None:
        body = urlencode(form).encode()
        sending["Content-Type"] = FORM_CONTENT_TYPE
    sent = time.perf_counter()
    response = HTTP.urlopen(
        method,
        url,
        body=body,
        headers=sending,
        redirect=False,
        retries=False,
        timeout=timeout,
        preload_content=True,
    )
    seconds = time.perf_counter() - sent
    set_cookies = response.headers.getlist("Set-Cookie")
    if set_cookies:
        cookies.store(host, set_cookies)
    return Answer(url, response.status, response.headers, response.data, seconds)


def endpoint_path(url: str) -> str:
    """A portal URL (or path) as an endpoint name: every identity provider's login start is one."""
    return portal_endpoint_path(urlsplit(url).path)


class Partner:
    def __init__(self, portal_url: str, client_id: str, client_secret: str):
        self.portal_url = portal_url
        self.client_id = client_id
        self.client_secret = client_secret
        self.issuer = f"{portal_url}/api/v2"
        response = HTTP.request("GET", f"{portal_url}/api/v2/jwks", timeout=10, retries=False)
        keys = json.loads(response.data)["keys"]
        self.keys = {key["kid"]: jwt.PyJWK(key) for key in keys}

    def verify(self, token: str, *, nonce: str | None = None) -> dict:
        header = jwt.get_unverified_header(token)
        key = self.keys.get(header.get("kid"))
        if key is None:
            raise LoginFailure("unknown_kid")
        try:
            claims = jwt.decode(
                token, key, algorithms=["ES256", "RS256"], audience=self.client_id, issuer=self.issuer
            )
        except jwt.InvalidTokenError as error:
            raise LoginFailure(f"jwt_{type(error).__name__}") from error
        if nonce is not None and claims.get("nonce") != nonce:
            raise LoginFailure("nonce")
        return claims


def complete_login(partner: Partner, timeout: float = 30) -> LoginResult:
    cookies = Cookies()
    portal = partner.portal_url
    result = LoginResult(seconds=0.0)
    started = time.perf_counter()

    def call(method: str, url: str, **kwargs) -> Answer:
        response = send(method, url, cookies, timeout=timeout, **kwargs)
        if url.startswith(portal):
            headers = response.headers
            result.portal_requests.append(
                PortalRequest(
                    endpoint=f"{method} {endpoint_path(url)}",
                    seconds=response.seconds,
                    queries=int(headers.get("X-Query-Count", -1)),
                    cpu_seconds=int(headers.get("X-CPU-Microseconds", 0)) / 1e6,
                    server_seconds=int(headers.get("X-Server-Microseconds", 0)) / 1e6,
                    upstream_seconds=int(headers.get("X-Upstream-Microseconds", 0)) / 1e6,
                    instance=headers.get("X-Portal-Instance", ""),
                )
            )
        if response.status >= 400:
            raise LoginFailure(f"http_{response.status}_{endpoint_path(url)}")
        return response

    def follow(response: Answer) -> Answer:
        return call("GET", urljoin(response.url, response.headers["Location"]))

    state, nonce = secrets.token_urlsafe(48), secrets.token_urlsafe(48)
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    query = {
        "client_id": partner.client_id, "redirect_uri": REDIRECT_URI, "response_type": "code",
        "scope": "openid identite_pivot email", "state": state, "nonce": nonce, "acr_values": "eidas1",
        "code_challenge": challenge, "code_challenge_method": "S256",
    }  # fmt: skip
    authorized = call("GET", f"{portal}/api/v2/authorize?{urlencode(query)}")
    # The portal answers with the chooser itself, or redirects to it (/connexion/<interaction>/).
    chooser = follow(authorized) if authorized.is_redirect else authorized
    link = re.search(r'href="((?:/[a-z]{2})?/connexion/\w+/fi/impots/)"', chooser.text)
    if not link:
        raise LoginFailure("chooser_without_provider")
    at_provider = follow(
        follow(call("GET", portal + html.unescape(link.group(1))))
    )  # → IdP authorize → login form
    form = at_provider
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    next_url = html.unescape(re.search(r'name="next" value="([^"]*)"', form.text).group(1))
    logged_in = call(
        "POST", form.url.split("?")[0],
        form={"csrfmiddlewaretoken": csrf, "username": CITIZEN[0], "password": CITIZEN[1], "next": next_url},
        headers={"Referer": form.url},
    )  # fmt: skip
    confirmation = logged_in
    # IdP authorize → /fi/retour, which checks the identity and shows the confirmation screen
    # (or, an older portal, redirects to it).
    for _hop in range(5):
        if not confirmation.is_redirect:
            break
        confirmation = follow(confirmation)
    if "Bienvenue" not in confirmation.text:
        raise LoginFailure("no_confirmation_screen")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', confirmation.text).group(1)
    # The confirmation form posts to the screen's own address and names the single sign-on it shows.
    action = re.search(r'<form method="post" action="([^"]*/confirmation/)"', confirmation.text).group(1)
    shown = re.search(r'name="single_sign_on" value="([^"]+)"', confirmation.text).group(1)
    back = call(
        "POST",
        urljoin(confirmation.url, html.unescape(action)),
        form={"csrfmiddlewaretoken": csrf, "continue": "", "single_sign_on": shown},
        headers={"Referer": confirmation.url},
    )
    answer = {key: values[0] for key, values in parse_qs(urlsplit(back.headers["Location"]).query).items()}
    if answer.get("state") != state or "code" not in answer:
        raise LoginFailure("authorization_response")

    token = call(
        "POST", f"{portal}/api/v2/token",
        form={"grant_type": "authorization_code", "code": answer["code"], "redirect_uri": REDIRECT_URI,
              "client_id": partner.client_id, "client_secret": partner.client_secret, "code_verifier": verifier},
    ).json()  # fmt: skip
    id_claims = partner.verify(token["id_token"], nonce=nonce)
    userinfo = call(
        "GET", f"{portal}/api/v2/userinfo", headers={"Authorization": f"Bearer {token['access_token']}"}
    )
    claims = partner.verify(userinfo.text)
    if (
        claims.get("sub") != id_claims.get("sub")
        or (claims.get("given_name"), claims.get("family_name")) != CITIZEN[2:]
    ):
        raise LoginFailure("wrong_claims")
    result.seconds = time.perf_counter() - started
    return result
