"""A fake portal partner API (FranceConnect v2 shaped) over real HTTP, with fresh RSA and EC keys.

It plays the portal for the demo partner site: discovery, JWKS, authorize (accepts at once),
token, userinfo (always a signed JWT) and session end. Its attributes bend the answers so that
each check of the partner site can be provoked.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import ECKey, RSAKey

from tests.ports import SHUTDOWN_POLL_SECONDS

ANGELA = {
    "given_name": "Angela Claire Louise",
    "given_name_array": ["Angela", "Claire", "Louise"],
    "family_name": "DUBOIS",
    "birthdate": "1962-08-24",
    "gender": "female",
    "birthplace": "75107",
    "birthcountry": "99100",
    "email": "angela.dubois@demo.localhost",
    "preferred_username": "",
}


class SigningKey:
    def __init__(self, alg: str):
        self.alg = alg
        self.kid = secrets.token_hex(8)
        parameters = {"kid": self.kid, "alg": alg, "use": "sig"}
        if alg == "RS256":
            self.key = RSAKey.generate_key(2048, parameters=parameters)
        else:
            self.key = ECKey.generate_key("P-256", parameters=parameters)

    def sign(self, claims: dict) -> str:
        return jwt.encode({"alg": self.alg, "kid": self.kid}, claims, self.key)

    @property
    def public_jwk(self) -> dict:
        return self.key.as_dict(private=False)


def _left_hash(value: str) -> str:
    """at_hash for RS256 and ES256: the left half of the SHA-256 digest, base64url."""
    digest = hashlib.sha256(value.encode()).digest()
    return base64.urlsafe_b64encode(digest[: len(digest) // 2]).rstrip(b"=").decode()


class FakePortal:
    client_id = "partner-site-under-test"
    client_secret = "partner-site-under-test-secret-at-the-fake-portal"

    def __init__(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.issuer = f"{self.url}/api/v2"
        self.keys = {alg: SigningKey(alg) for alg in ("RS256", "ES256")}
        self.sub = "pairwise-sub-" + secrets.token_hex(16)
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": SHUTDOWN_POLL_SECONDS}, daemon=True
        )
        self.reset()

    def reset(self) -> None:
        """Back to a well-behaved portal signing with RS256, with nothing recorded."""
        self.alg = "RS256"
        self.accepted_secret = self.client_secret
        self.id_token_overrides: dict = {}
        self.userinfo_overrides: dict = {}
        self.userinfo_content_type = "application/jwt"
        self.userinfo_key: SigningKey | None = None  # a key the JWKS does not publish
        self.authorizations: list[dict] = []
        self.token_requests: list[dict] = []
        self.logouts: list[dict] = []
        self.issued: list[dict] = []
        self._grants: dict[str, dict] = {}
        self._access_tokens: set[str] = set()

    def rotate_keys(self) -> None:
        """New keys for both algorithms; the JWKS publishes only them from now on."""
        self.keys = {alg: SigningKey(alg) for alg in ("RS256", "ES256")}

    def start(self) -> "FakePortal":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- The portal's answers --------------------------------------------------------------

    def discovery(self) -> dict:
        api = self.issuer
        return {
            "issuer": api,
            "authorization_endpoint": f"{api}/authorize",
            "token_endpoint": f"{api}/token",
            "userinfo_endpoint": f"{api}/userinfo",
            "jwks_uri": f"{api}/jwks",
            "end_session_endpoint": f"{api}/session/end",
            "response_types_supported": ["code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["ES256", "RS256"],
            "userinfo_signing_alg_values_supported": ["ES256", "RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "acr_values_supported": ["eidas1"],
        }

    def authorize(self, query: dict) -> str:
        """Accept at once (as if the citizen had logged in): the redirect back to the site."""
        self.authorizations.append(query)
        code = secrets.token_urlsafe(24)
        self._grants[code] = query
        # Like the portal: RFC 9207's "iss" beside the code.
        answer = {"code": code, "state": query.get("state", ""), "iss": self.issuer}
        return f"{query['redirect_uri']}?{urlencode(answer)}"

    def token(self, form: dict, authorization: str) -> tuple[int, dict]:
        self.token_requests.append({**form, "authorization_header": authorization})
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.accepted_secret:
            return 401, {"error": "invalid_client"}
        grant = self._grants.pop(form.get("code", ""), None)
        if grant is None or form.get("redirect_uri") != grant.get("redirect_uri"):
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if grant.get("code_challenge_method") != "S256" or challenge != grant.get("code_challenge"):
            return 400, {"error": "invalid_grant", "error_description": "PKCE verification failed"}
        access_token = secrets.token_urlsafe(32)
        self._access_tokens.add(access_token)
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": self.sub,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 60,
            "nonce": grant.get("nonce"),
            "acr": "eidas1",
            "amr": ["pwd"],
            "at_hash": _left_hash(access_token),
            **self.id_token_overrides,
        }
        id_token = self.keys[self.alg].sign(claims)
        self.issued.append({"access_token": access_token, "id_token": id_token, "code": form["code"]})
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 60,
            "id_token": id_token,
        }

    def userinfo(self, authorization: str) -> tuple[int, str, str]:
        if authorization.removeprefix("Bearer ") not in self._access_tokens:
            return 401, "application/json", json.dumps({"error": "invalid_token"})
        now = int(time.time())
        claims = {
            "sub": self.sub,
            **ANGELA,
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 60,
            **self.userinfo_overrides,
        }
        if self.userinfo_content_type == "application/json":
            return 200, "application/json", json.dumps(claims)
        key = self.userinfo_key or self.keys[self.alg]
        return 200, self.userinfo_content_type, key.sign(claims)

    def session_end(self, query: dict) -> str:
        self.logouts.append(query)
        return f"{query['post_logout_redirect_uri']}?{urlencode({'state': query.get('state', '')})}"

    def _handler(self):
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status: int, body: str, content_type: str = "application/json"):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _redirect(self, location: str):
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_GET(self):
                url = urlsplit(self.path)
                query = {key: values[0] for key, values in parse_qs(url.query).items()}
                if url.path == "/api/v2/.well-known/openid-configuration":
                    self._send(200, json.dumps(portal.discovery()))
                elif url.path == "/api/v2/jwks":
                    self._send(200, json.dumps({"keys": [key.public_jwk for key in portal.keys.values()]}))
                elif url.path == "/api/v2/authorize":
                    self._redirect(portal.authorize(query))
                elif url.path == "/api/v2/userinfo":
                    status, content_type, body = portal.userinfo(self.headers.get("Authorization", ""))
                    self._send(status, body, content_type)
                elif url.path == "/api/v2/session/end":
                    self._redirect(portal.session_end(query))
                else:
                    self._send(404, "{}")

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = {key: values[0] for key, values in parse_qs(self.rfile.read(length).decode()).items()}
                if urlsplit(self.path).path == "/api/v2/token":
                    status, body = portal.token(form, self.headers.get("Authorization", ""))
                    self._send(status, json.dumps(body))
                else:
                    self._send(404, "{}")

        return Handler
