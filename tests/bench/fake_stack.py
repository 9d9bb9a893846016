"""A fake portal and identity provider speaking the benchmark driver's login over plain HTTP on
127.0.0.1 (no Django, no database): enough of the real flow's redirects, cookies, CSRF tokens,
PKCE and signed JWTs to check bench/driver.py end to end, and to measure its own CPU per login.

    python -m tests.bench.fake_stack          # serves until killed, prints the portal's URL
"""

import base64
import hashlib
import html
import json
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import ec

from tests.ports import SHUTDOWN_POLL_SECONDS

CLIENT_ID, CLIENT_SECRET = "bench-client", "bench-secret"
KID = "fake-1"
SUB = "b6048e95bb134ec5b1d1e1fa69f287172e91722b9354d637a1bcf2ebb0fd2ef5v1"
INTERACTION = "Interaction0123456789abcdefghijk"  # the portal's: 32 letters and digits
CHOOSER = f'<a href="/connexion/{INTERACTION}/fi/impots/">impots.gouv.fr</a>'
LOGIN_FORM = """<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">
<input type="hidden" name="next" value="{next}"><input name="username"><input name="password"></form>"""
CONFIRMATION = f"""<h1>Bienvenue Angela Claire Louise DUBOIS</h1>
<form method="post" action="/connexion/{INTERACTION}/changer-de-compte/"><button>Ce n'est pas vous ?</button></form>
<form method="post" action="/connexion/{INTERACTION}/confirmation/">
<input type="hidden" name="csrfmiddlewaretoken" value="{{csrf}}">
<input type="hidden" name="single_sign_on" value="{{sso}}"><button name="continue">Continuer</button></form>"""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    wbufsize = -1  # headers and body in one send (flushed after each request), and no Nagle delay
    disable_nagle_algorithm = True
    stack: "FakeStack"

    def log_message(self, *args):
        pass

    def cookies(self) -> dict[str, str]:
        pairs = (pair.partition("=") for pair in self.headers.get("Cookie", "").split("; ") if pair)
        return {name: value for name, _, value in pairs}

    def form(self) -> dict[str, str]:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        assert self.headers.get("Content-Type") == "application/x-www-form-urlencoded"
        return {key: values[0] for key, values in parse_qs(body, keep_blank_values=True).items()}

    def answer(self, status: int, body: str = "", *, location=None, cookies=(), content_type="text/html"):
        data = body.encode()
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        for cookie in cookies:
            self.send_header("Set-Cookie", f"{cookie}; Path=/; SameSite=Lax")
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in self.stack.extra_headers(self):
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def route(self, method: str):
        url = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        path = url.path.replace(f"/connexion/{INTERACTION}/", "/connexion/interaction/")
        view = getattr(self.stack, f"{self.side}_{method}_{path.strip('/').replace('/', '_')}", None)
        if view is None:
            self.answer(404, "not found")
        else:
            view(self, query)


class FakeStack:
    """The portal (its cookies fc_*) and the identity provider (idp_*), on two ports of 127.0.0.1."""

    def __init__(self, *, answers_in_place: bool = False):
        # As the portal does: /api/v2/authorize answers with the chooser, /fi/retour with the
        # confirmation screen (otherwise each redirects to its page).
        self.answers_in_place = answers_in_place
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.sessions: dict[str, dict] = {}  # the portal's, by fc_sessionid
        self.idp_codes: dict[str, str] = {}
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.servers = [self._server("portal"), self._server("idp")]
        self.portal_url, self.idp_url = (f"http://127.0.0.1:{s.server_address[1]}" for s in self.servers)

    def _server(self, side: str) -> ThreadingHTTPServer:
        handler = type(f"{side}Handler", (Handler,), {"stack": self, "side": side})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        return server

    def start(self) -> "FakeStack":
        for server in self.servers:
            threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": SHUTDOWN_POLL_SECONDS}, daemon=True
            ).start()
        return self

    def stop(self):
        for server in self.servers:
            server.shutdown()
            server.server_close()

    def extra_headers(self, handler: Handler):
        if handler.side == "portal":
            yield from [
                ("X-Query-Count", "3"),
                ("X-CPU-Microseconds", "1500"),
                ("X-Server-Microseconds", "2500"),
                ("X-Upstream-Microseconds", "1000" if handler.path.startswith("/fi/retour") else "0"),
            ]

    def sign(self, claims: dict) -> str:
        now = int(time.time())
        claims = {"iss": f"{self.portal_url}/api/v2", "aud": CLIENT_ID, "iat": now, "exp": now + 60, **claims}
        return jwt.encode(claims, self.key, algorithm="ES256", headers={"kid": KID})

    def session(self, handler: Handler) -> dict | None:
        return self.sessions.get(handler.cookies().get("fc_sessionid", ""))

    # The portal.

    def portal_GET_api_v2_jwks(self, handler, query):
        jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(self.key.public_key()))
        handler.answer(200, json.dumps({"keys": [{**jwk, "kid": KID}]}), content_type="application/json")

    def portal_GET_api_v2_authorize(self, handler, query):
        if query.get("client_id") != CLIENT_ID or query.get("code_challenge_method") != "S256":
            return handler.answer(400, "invalid_request")
        key, csrf = secrets.token_hex(16), secrets.token_hex(16)
        self.sessions[key] = {"authorize": query, "csrf": csrf}
        cookies = [f"fc_sessionid={key}", f"fc_csrftoken={csrf}"]
        if self.answers_in_place:
            return handler.answer(200, CHOOSER, cookies=cookies)
        handler.answer(302, location=f"/en/connexion/{INTERACTION}/", cookies=cookies)

    def portal_GET_en_connexion_interaction(self, handler, query):
        session = self.session(handler)
        if session is None:
            return handler.answer(400, "no session")
        handler.answer(200, CHOOSER)

    def portal_GET_connexion_interaction_fi_impots(self, handler, query):
        session = self.session(handler)
        if session is None:
            return handler.answer(400, "no session")
        session["idp_state"] = secrets.token_hex(8)
        back = urlencode({"redirect_uri": f"{self.portal_url}/fi/retour", "state": session["idp_state"]})
        handler.answer(302, location=f"{self.idp_url}/authorize?{back}")

    def portal_GET_fi_retour(self, handler, query):
        session = self.session(handler)
        if session is None or query.get("state") != session["idp_state"]:
            return handler.answer(400, "state")
        if self.idp_codes.pop(query.get("code", ""), None) != "angela.dubois":
            return handler.answer(403, "code")
        key = secrets.token_hex(16)  # a new session key on login, as Django cycles it
        self.sessions[key] = {**self.sessions.pop(handler.cookies()["fc_sessionid"]), "person": SUB}
        cookies = [f"fc_sessionid={key}", "fc_flash=; Max-Age=0"]
        if self.answers_in_place:
            page = CONFIRMATION.format(csrf=self.sessions[key]["csrf"], sso=key)
            return handler.answer(200, page, cookies=cookies)
        handler.answer(302, location=f"/connexion/{INTERACTION}/confirmation/", cookies=cookies)

    def portal_GET_connexion_interaction_confirmation(self, handler, query):
        session = self.session(handler)
        if session is None or "person" not in session:
            return handler.answer(403, "not logged in")
        handler.answer(200, CONFIRMATION.format(csrf=session["csrf"], sso=handler.cookies()["fc_sessionid"]))

    def portal_POST_connexion_interaction_confirmation(self, handler, query):
        session, form = self.session(handler), handler.form()
        if (
            session is None
            or not form["csrfmiddlewaretoken"] == session["csrf"] == handler.cookies()["fc_csrftoken"]
        ):
            return handler.answer(403, "csrf")
        if form.get("single_sign_on") != handler.cookies()["fc_sessionid"]:
            return handler.answer(400, "not the single sign-on shown")
        if not handler.headers.get("Referer", "").startswith(f"{self.portal_url}/"):  # same origin
            return handler.answer(403, "referer")
        authorize, code = session["authorize"], secrets.token_urlsafe(16)
        self.codes[code] = {**authorize, "sub": session["person"]}
        back = urlencode({"code": code, "state": authorize["state"]})
        handler.answer(302, location=f"{authorize['redirect_uri']}?{back}")

    def portal_POST_api_v2_token(self, handler, query):
        form = handler.form()
        if (form["client_id"], form["client_secret"]) != (CLIENT_ID, CLIENT_SECRET):
            return handler.answer(401, "invalid_client")
        grant = self.codes.pop(form["code"], None)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(form["code_verifier"].encode()).digest())
        if (
            grant is None
            or form["grant_type"] != "authorization_code"
            or form["redirect_uri"] != grant["redirect_uri"]
            or challenge.rstrip(b"=").decode() != grant["code_challenge"]
        ):
            return handler.answer(400, "invalid_grant")
        access_token = secrets.token_urlsafe(24)
        self.tokens[access_token] = grant
        id_token = self.sign({"sub": grant["sub"], "nonce": grant["nonce"]})
        body = json.dumps({"access_token": access_token, "token_type": "Bearer", "id_token": id_token})
        handler.answer(200, body, content_type="application/json")

    def portal_GET_api_v2_userinfo(self, handler, query):
        grant = self.tokens.get(handler.headers.get("Authorization", "").removeprefix("Bearer "))
        if grant is None:
            return handler.answer(401, "invalid_token")
        claims = {"sub": grant["sub"], "given_name": "Angela Claire Louise", "family_name": "DUBOIS"}
        handler.answer(200, self.sign(claims), content_type="application/jwt")

    # The identity provider.

    def idp_GET_authorize(self, handler, query):
        user = handler.cookies().get("idp_sessionid")
        if user is None:
            back = urlencode({"next": f"/authorize?{urlencode(query)}"})
            return handler.answer(302, location=f"/login/?{back}")
        code = secrets.token_hex(8)
        self.idp_codes[code] = user.split("-")[0]
        back = urlencode({"code": code, "state": query["state"]})
        handler.answer(302, location=f"{query['redirect_uri']}?{back}")

    def idp_GET_login(self, handler, query):
        csrf = handler.cookies().get("idp_csrftoken") or secrets.token_hex(16)
        form = LOGIN_FORM.format(csrf=csrf, next=html.escape(query.get("next", "")))
        handler.answer(200, form, cookies=[f"idp_csrftoken={csrf}"])

    def idp_POST_login(self, handler, query):
        form = handler.form()
        if (
            form["csrfmiddlewaretoken"] != handler.cookies().get("idp_csrftoken")
            or "Referer" not in handler.headers
        ):
            return handler.answer(403, "csrf")
        if (form["username"], form["password"]) != ("angela.dubois", "demo-password"):
            return handler.answer(200, "wrong password")
        session = f"angela.dubois-{secrets.token_hex(8)}"
        handler.answer(302, location=form["next"], cookies=[f"idp_sessionid={session}"])


if __name__ == "__main__":
    stack = FakeStack(answers_in_place="--in-place" in sys.argv).start()
    print(stack.portal_url, flush=True)
    threading.Event().wait()
