"""Outbound HTTP to identity providers: urllib3 against a real local server, the environment's
proxy settings read once per origin, and every failure named."""

import contextlib
import gzip
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
import urllib3

from identity_providers.oidc.errors import IdentityProviderError
from identity_providers.oidc.http import (
    ProviderResponse,
    _manager,
    _proxies_for,
    _proxy_url,
    provider_json,
    provider_request,
)
from tests.ports import free_port

PROXY_VARIABLES = ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")
PROXY_VARIABLES += ("NO_PROXY", "no_proxy")

PROVIDER = SimpleNamespace(timeout=(1.0, 1.0))


@pytest.fixture
def proxied(monkeypatch):
    _proxies_for.cache_clear()
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost,.interieur.gouv.fr")
    yield
    _proxies_for.cache_clear()


@pytest.fixture
def no_proxy(monkeypatch):
    _proxies_for.cache_clear()
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    yield monkeypatch
    _proxies_for.cache_clear()


class Provider(BaseHTTPRequestHandler):
    """Answers by path; every request it reads is noted in ``server.seen``."""

    protocol_version = "HTTP/1.1"  # keep-alive, as most providers allow

    def _answer(self, status: int, body: bytes = b"", headers: dict | None = None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _note(self, body: bytes = b""):
        self.server.seen.append(
            {
                "method": self.command,
                "path": self.path,
                "headers": dict(self.headers.items()),
                "body": body,
                "client_port": self.client_address[1],
            }
        )

    def do_GET(self):
        self._note()
        path = self.path.split("?")[0]
        if path == "/json" or path.endswith("://idp.example/json"):  # the latter: as a proxy
            self._answer(
                200,
                json.dumps({"sub": "abc", "name": "Zoé"}).encode(),
                {"Content-Type": "application/json", "X-Answer": "42"},
            )
        elif path == "/latin":
            self._answer(200, "Zoé".encode("latin-1"), {"Content-Type": "text/plain; charset=ISO-8859-1"})
        elif path == "/not-json":
            self._answer(200, b"<html>", {"Content-Type": "text/html"})
        elif path == "/moved":
            self._answer(302, headers={"Location": "/json"})
        elif path == "/loop":
            self._answer(302, headers={"Location": "/loop"})
        elif path == "/trickle-body":  # headers at once, then one byte every 0.1 s
            self._trickle(b"", b'{"sub": "' + b"a" * 200 + b'"}')
        elif path == "/trickle-headers":  # the status line at once, then a header byte by byte
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            self._trickle(b"X-Slow: " + b"s" * 200 + b"\r\n", b"")
        elif path == "/big":
            self._answer(200, b"x" * 2048, {"Content-Type": "application/json"})
        elif path == "/big-chunked":  # no Content-Length: only reading tells the size
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                for _ in range(64):
                    self.wfile.write(b"400\r\n" + b"x" * 1024 + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
        elif path == "/gzip-bomb":  # 1004 bytes on the wire, 1 MB once decompressed
            self._answer(200, gzip.compress(b"0" * 1_000_000), {"Content-Encoding": "gzip"})
        elif path == "/exact":
            self._answer(200, b"y" * 1024, {"Content-Type": "text/plain"})
        elif path == "/elsewhere":  # same server, another host name: "localhost"
            port = self.server.server_port
            self._answer(302, headers={"Location": f"http://localhost:{port}/json"})
        else:
            self._answer(404)

    def _trickle(self, head: bytes, body: bytes):
        """Written byte by byte: each comes well within a socket timeout, the whole much later."""
        if not head:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
        self.close_connection = True
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            for byte in head + body:
                self.wfile.write(bytes([byte]))
                time.sleep(0.1)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._note(body)
        if self.path == "/moved":
            self._answer(302, headers={"Location": "/json"})
        else:
            self._answer(200, b"{}", {"Content-Type": "application/json"})

    def log_message(self, *args):
        pass


@pytest.fixture
def server(no_proxy):
    httpd = ThreadingHTTPServer(("127.0.0.1", free_port()), Provider)
    httpd.daemon_threads = True
    httpd.seen = []
    httpd.url = f"http://127.0.0.1:{httpd.server_port}"
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_a_provider_on_the_internet_is_reached_through_the_environments_proxy(proxied):
    assert _proxies_for("https://app.franceconnect.gouv.fr")["https"] == "http://proxy.example:3128"


def test_no_proxy_hosts_are_reached_directly(proxied):
    assert _proxies_for("http://127.0.0.1:8001") == {}
    assert _proxies_for("https://idp.interieur.gouv.fr") == {}


def test_the_proxy_manager_is_chosen_for_an_https_provider_behind_the_proxy(proxied):
    manager = _manager(_proxy_url("https", "https://app.franceconnect.gouv.fr"))
    assert isinstance(manager, urllib3.ProxyManager)
    assert (manager.proxy.scheme, manager.proxy.host, manager.proxy.port) == ("http", "proxy.example", 3128)
    assert _manager(_proxy_url("https", "https://other.example")) is manager  # one per proxy URL

    direct = _manager(_proxy_url("https", "https://idp.interieur.gouv.fr"))
    assert not isinstance(direct, urllib3.ProxyManager)
    assert _manager(_proxy_url("http", "http://127.0.0.1:8001")) is direct  # one for the process


def test_an_http_proxy_from_the_environment_is_used(server, no_proxy):
    no_proxy.setenv("HTTP_PROXY", server.url)  # the local server plays the proxy

    response = provider_request("GET", "http://idp.example/json", provider=PROVIDER)

    assert response.json()["sub"] == "abc"
    assert server.seen[-1]["path"] == "http://idp.example/json"  # absolute form: a proxy request
    assert server.seen[-1]["headers"]["Host"] == "idp.example"


def test_a_get_with_headers_gives_status_headers_text_and_json(server):
    response = provider_request(
        "GET", f"{server.url}/json?x=1", provider=PROVIDER, headers={"Authorization": "Bearer t0k"}
    )

    assert isinstance(response, ProviderResponse)
    assert response.status_code == 200
    assert response.headers.get("x-answer") == "42"
    assert response.headers.get("CONTENT-TYPE") == "application/json"
    assert response.json() == {"sub": "abc", "name": "Zoé"}
    assert json.loads(response.text) == {"sub": "abc", "name": "Zoé"}
    assert response.content == response.text.encode()
    assert response.url == f"{server.url}/json?x=1"
    assert provider_json(response, what="test") == {"sub": "abc", "name": "Zoé"}
    sent = server.seen[-1]
    assert (sent["method"], sent["path"]) == ("GET", "/json?x=1")
    assert sent["headers"]["Authorization"] == "Bearer t0k"
    assert sent["headers"]["Accept"] == "*/*"


def test_the_callers_headers_replace_the_defaults_whatever_their_case(server):
    provider_request("GET", f"{server.url}/json", provider=PROVIDER, headers={"accept": "application/json"})

    sent = {name.lower(): value for name, value in server.seen[-1]["headers"].items()}
    assert sent["accept"] == "application/json"


def test_text_is_decoded_with_the_content_types_charset(server):
    assert provider_request("GET", f"{server.url}/latin", provider=PROVIDER).text == "Zoé"


def test_a_body_that_is_not_json(server):
    response = provider_request("GET", f"{server.url}/not-json", provider=PROVIDER)

    with pytest.raises(ValueError):
        response.json()
    with pytest.raises(IdentityProviderError) as error:
        provider_json(response, what="discovery document")
    assert error.value.code == "invalid_response"


def test_a_post_sends_its_data_form_encoded(server):
    response = provider_request(
        "POST",
        f"{server.url}/token",
        provider=PROVIDER,
        data={"grant_type": "authorization_code", "code": "a b&c", "scope": ["openid", "email"]},
    )

    assert response.status_code == 200
    sent = server.seen[-1]
    assert sent["method"] == "POST"
    assert sent["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    assert sent["body"] == b"grant_type=authorization_code&code=a+b%26c&scope=openid&scope=email"


def test_connections_are_kept_alive_between_calls(server):
    provider_request("GET", f"{server.url}/json", provider=PROVIDER)
    provider_request("POST", f"{server.url}/token", provider=PROVIDER, data={"a": "b"})

    assert server.seen[0]["client_port"] == server.seen[1]["client_port"]


def test_a_get_follows_redirects(server):
    response = provider_request("GET", f"{server.url}/moved", provider=PROVIDER)

    assert response.status_code == 200
    assert response.json()["sub"] == "abc"
    assert response.url == f"{server.url}/json"
    assert [sent["path"] for sent in server.seen] == ["/moved", "/json"]


def test_a_redirect_to_another_host_drops_the_authorization(server):
    response = provider_request(
        "GET", f"{server.url}/elsewhere", provider=PROVIDER, headers={"Authorization": "Bearer t0k"}
    )

    assert response.status_code == 200
    assert response.url == f"http://localhost:{server.server_port}/json"
    first, second = server.seen
    assert first["headers"]["Authorization"] == "Bearer t0k"
    assert "Authorization" not in second["headers"]


def test_a_post_does_not_follow_redirects(server):
    response = provider_request("POST", f"{server.url}/moved", provider=PROVIDER, data={"a": "b"})

    assert response.status_code == 302
    assert response.headers.get("location") == "/json"
    assert [(sent["method"], sent["path"]) for sent in server.seen] == [("POST", "/moved")]


def test_endless_redirects_are_given_up(server):
    with pytest.raises(IdentityProviderError) as error:
        provider_request("GET", f"{server.url}/loop", provider=PROVIDER)

    assert error.value.code == "unreachable"
    assert error.value.detail == f"GET {server.url}/loop: TooManyRedirects"
    assert len(server.seen) == 4  # the first call and three redirects


def test_a_provider_that_never_answers_times_out(no_proxy):
    with socket.socket() as silent:  # accepts connections (backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/token"

        with pytest.raises(IdentityProviderError) as error:
            provider_request("POST", url, provider=SimpleNamespace(timeout=(1.0, 0.2)), data={"a": "b"})

    assert error.value.code == "timeout"
    assert error.value.detail == f"POST {url}"


def test_a_closed_port_is_unreachable(no_proxy):
    url = f"http://127.0.0.1:{free_port()}/.well-known/openid-configuration"

    with pytest.raises(IdentityProviderError) as error:
        provider_request("GET", url, provider=PROVIDER)

    assert error.value.code == "unreachable"
    assert error.value.detail == f"GET {url}"


def test_a_provider_closing_the_connection_is_unreachable(no_proxy):
    with socket.socket() as rude:
        rude.bind(("127.0.0.1", 0))
        rude.listen()
        url = f"http://127.0.0.1:{rude.getsockname()[1]}/jwks"

        def hang_up():
            connection, _ = rude.accept()
            connection.recv(65536)
            connection.close()

        threading.Thread(target=hang_up, daemon=True).start()
        with pytest.raises(IdentityProviderError) as error:
            provider_request("GET", url, provider=PROVIDER)

    assert error.value.code == "unreachable"
    assert error.value.detail == f"GET {url}"


@pytest.fixture
def short_deadline(settings):
    settings.IDP_CALL_DEADLINE_SECONDS = 1.0
    return settings


@pytest.mark.parametrize("path", ["/trickle-body", "/trickle-headers"])
def test_a_trickling_provider_is_given_up_at_the_calls_deadline(server, short_deadline, path):
    started = time.monotonic()
    with pytest.raises(IdentityProviderError) as error:
        # Each byte comes within the 1 s read timeout; the whole answer would take 20 s.
        provider_request("GET", f"{server.url}{path}", provider=PROVIDER)

    elapsed = time.monotonic() - started
    assert error.value.code == "timeout"
    assert error.value.detail == f"GET {server.url}{path}"
    assert 0.9 < elapsed < 1.6


def test_the_deadline_bounds_a_post_too(server, short_deadline, monkeypatch):
    monkeypatch.setattr(Provider, "do_POST", lambda handler: handler._trickle(b"", b"{}" * 100))
    started = time.monotonic()

    with pytest.raises(IdentityProviderError) as error:
        provider_request("POST", f"{server.url}/token", provider=PROVIDER, data={"code": "c"})

    assert error.value.code == "timeout" and time.monotonic() - started < 1.6


def test_after_a_deadline_the_next_call_is_served(server, short_deadline):
    with pytest.raises(IdentityProviderError):
        provider_request("GET", f"{server.url}/trickle-body", provider=PROVIDER)

    assert provider_request("GET", f"{server.url}/json", provider=PROVIDER).json()["sub"] == "abc"


def test_a_quick_answer_is_not_cut_by_an_earlier_calls_deadline(server, short_deadline):
    """A finished call's deadline passing later does not shut the pooled connection it used."""
    provider_request("GET", f"{server.url}/json", provider=PROVIDER)
    time.sleep(1.2)  # the first call's deadline passes while its connection waits in the pool

    assert provider_request("GET", f"{server.url}/json", provider=PROVIDER).status_code == 200
    assert server.seen[0]["client_port"] == server.seen[1]["client_port"]  # the same connection


@pytest.mark.parametrize("path", ["/big", "/big-chunked", "/gzip-bomb"])
def test_an_answer_larger_than_the_cap_is_an_invalid_response(server, settings, path):
    settings.IDP_MAX_RESPONSE_BYTES = 1024

    with pytest.raises(IdentityProviderError) as error:
        provider_request("GET", f"{server.url}{path}", provider=PROVIDER)

    assert error.value.code == "invalid_response"
    assert error.value.detail == f"GET {server.url}{path}: answer larger than 1024 bytes"
    assert provider_request("GET", f"{server.url}/json", provider=PROVIDER).status_code == 200


def test_an_answer_of_exactly_the_cap_is_read(server, settings):
    settings.IDP_MAX_RESPONSE_BYTES = 1024

    assert provider_request("GET", f"{server.url}/exact", provider=PROVIDER).content == b"y" * 1024
