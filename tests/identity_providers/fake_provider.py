"""A fake OpenID provider over real HTTP, with freshly generated keys, that misbehaves on demand.

The portal talks to it exactly as to a real provider (token, JWKS, userinfo); each attribute
of ``FakeProvider`` bends one part of its answers so that every failure can be provoked.
"""

import base64
import contextlib
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from tests.ports import SHUTDOWN_POLL_SECONDS

VALID_IDENTITY = {
    "given_name": "Angela Claire Louise",
    "family_name": "DUBOIS",
    "birthdate": "1962-08-24",
    "gender": "female",
    "birthplace": "75107",
    "birthcountry": "99100",
    "email": "angela.dubois@example.org",
    "preferred_username": "angela",
}


def _public_jwk(private_key, kid: str, alg: str) -> dict:
    jwk = json.loads(jwt.algorithms.get_default_algorithms()[alg].to_jwk(private_key.public_key()))
    return {**jwk, "kid": kid, "alg": alg, "use": "sig"}


class SigningKey:
    def __init__(self, alg: str = "RS256"):
        self.alg = alg
        self.kid = secrets.token_hex(8)
        self.private = (
            rsa.generate_private_key(public_exponent=65537, key_size=2048)
            if alg == "RS256"
            else ec.generate_private_key(ec.SECP256R1())
        )

    def sign(self, claims: dict) -> str:
        return jwt.encode(claims, self.private, algorithm=self.alg, headers={"kid": self.kid})

    @property
    def public_jwk(self) -> dict:
        return _public_jwk(self.private, self.kid, self.alg)


class FakeProvider:
    client_id = "portal-client"
    client_secret = "portal-client-secret-at-the-fake-provider"

    def __init__(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.issuer = self.url
        self.keys = [SigningKey("RS256")]
        self.signing_key = self.keys[0]
        self.grants: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.identity = dict(VALID_IDENTITY)
        self.sub = "fake-sub-0001"
        # Misbehaviours, all off by default.
        self.id_token_overrides: dict = {}
        self.userinfo_overrides: dict = {}
        self.userinfo_as_jwt = False
        self.token_delay = 0.0
        # Seconds between two bytes of every answer (headers and body): each byte comes well
        # within a socket timeout, the whole answer much later than any reasonable deadline.
        self.trickle_seconds_per_byte = 0.0
        self.token_padding = 0  # extra bytes in the token answer (a JSON field)
        self.jwks_requests = 0
        self.token_requests: list[dict] = []
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": SHUTDOWN_POLL_SECONDS}, daemon=True
        )

    def start(self) -> "FakeProvider":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- What the browser would do at the provider ------------------------------------------

    def authorize(self, authorization_url: str) -> str:
        """Accept an authorization request (as if the citizen logged in) and return the code."""
        query = {key: values[0] for key, values in parse_qs(urlsplit(authorization_url).query).items()}
        code = secrets.token_urlsafe(16)
        self.grants[code] = query
        return code

    def rotate_key(self, alg: str = "RS256") -> SigningKey:
        self.signing_key = SigningKey(alg)
        self.keys.append(self.signing_key)
        return self.signing_key

    # --- The provider's answers --------------------------------------------------------------

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "end_session_endpoint": f"{self.url}/logout",
            "id_token_signing_alg_values_supported": ["RS256", "ES256"],
        }

    def token(self, form: dict) -> tuple[int, dict]:
        self.token_requests.append(form)
        time.sleep(self.token_delay)
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return 401, {"error": "invalid_client"}
        grant = self.grants.pop(form.get("code", ""), None)
        if grant is None or form.get("redirect_uri") != grant.get("redirect_uri"):
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if grant.get("code_challenge_method") != "S256" or challenge != grant.get("code_challenge"):
            return 400, {"error": "invalid_grant", "error_description": "PKCE verification failed"}
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": self.sub,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 60,
            "nonce": grant.get("nonce"),
            "acr": "eidas1",
            **self.id_token_overrides,
        }
        claims = {key: value for key, value in claims.items() if value is not None}
        access_token = secrets.token_urlsafe(24)
        self.tokens[access_token] = {"sub": self.sub}
        return 200, {
            **({"padding": "x" * self.token_padding} if self.token_padding else {}),
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 60,
            "id_token": self.signing_key.sign(claims),
        }

    def userinfo(self, authorization: str) -> tuple[int, str, str]:
        token = authorization.removeprefix("Bearer ")
        if token not in self.tokens:
            return 401, "application/json", json.dumps({"error": "invalid_token"})
        claims = {"sub": self.sub, **self.identity, **self.userinfo_overrides}
        claims = {key: value for key, value in claims.items() if value is not None}
        if self.userinfo_as_jwt:
            signed = self.signing_key.sign({**claims, "iss": self.issuer, "aud": self.client_id})
            return 200, "application/jwt", signed
        return 200, "application/json", json.dumps(claims)

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status: int, body: str, content_type: str = "application/json"):
                data = body.encode()
                if provider.trickle_seconds_per_byte:
                    self._trickle(status, data, content_type)
                    return
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _trickle(self, status: int, data: bytes, content_type: str):
                head = f"HTTP/1.1 {status} OK\r\nContent-Type: {content_type}\r\n"
                head += f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n"
                self.close_connection = True
                # The portal gives up (its deadline) long before the last byte.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    for byte in head.encode() + data:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(provider.trickle_seconds_per_byte)

            def do_GET(self):
                path = urlsplit(self.path).path
                if path == "/.well-known/openid-configuration":
                    self._send(200, json.dumps(provider.discovery()))
                elif path == "/jwks":
                    provider.jwks_requests += 1
                    self._send(200, json.dumps({"keys": [key.public_jwk for key in provider.keys]}))
                elif path == "/userinfo":
                    status, content_type, body = provider.userinfo(self.headers.get("Authorization", ""))
                    self._send(status, body, content_type)
                else:
                    self._send(404, "{}")

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = {key: values[0] for key, values in parse_qs(self.rfile.read(length).decode()).items()}
                if urlsplit(self.path).path == "/token":
                    status, body = provider.token(form)
                    # The portal may have given up waiting (timeout tests).
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        self._send(status, json.dumps(body))
                else:
                    self._send(404, "{}")

        return Handler
