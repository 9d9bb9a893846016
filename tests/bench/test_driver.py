"""The benchmark driver's HTTP: its browser cookie store, one request through its urllib3 pool, and
complete logins against a fake portal and identity provider (127.0.0.1 only, no database)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import driver
from bench.driver import Cookies, LoginFailure, Partner, complete_login, send
from tests.bench.fake_stack import CLIENT_ID, CLIENT_SECRET, FakeStack
from tests.ports import SHUTDOWN_POLL_SECONDS


class Recorder(BaseHTTPRequestHandler):
    """Answers what it was sent, as JSON; /set-cookies sets some, /redirect redirects."""

    protocol_version = "HTTP/1.1"
    wbufsize = -1
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.reply()

    def do_POST(self):
        self.reply()

    def reply(self):
        length = int(self.headers.get("Content-Length", 0))
        body = json.dumps(
            {
                "method": self.command,
                "path": self.path,
                "cookie": self.headers.get("Cookie"),
                "content_type": self.headers.get("Content-Type"),
                "referer": self.headers.get("Referer"),
                "body": self.rfile.read(length).decode(),
            }
        ).encode()
        self.send_response(302 if self.path == "/redirect" else 200)
        if self.path == "/redirect":
            self.send_header("Location", "/elsewhere/")
        if self.path == "/set-cookies":
            self.send_header("Set-Cookie", "fc_sessionid=abc123; HttpOnly; Path=/; SameSite=Lax")
            self.send_header("Set-Cookie", 'fc_note="a\\054b"; Path=/')
        self.send_header("X-Query-Count", "7")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def recorders():
    """Two servers on 127.0.0.1: the same host for cookies, on two ports."""
    servers = [ThreadingHTTPServer(("127.0.0.1", 0), Recorder) for _ in range(2)]
    for server in servers:
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": SHUTDOWN_POLL_SECONDS}, daemon=True
        ).start()
    yield [f"http://127.0.0.1:{server.server_address[1]}" for server in servers]
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def fake_stack(request):
    stack = FakeStack(answers_in_place=getattr(request, "param", False)).start()
    yield stack
    stack.stop()


# The cookie store.


def test_cookies_are_kept_by_name_and_sent_back_as_one_header():
    cookies = Cookies()
    cookies.store(
        "127.0.0.1", ["fc_sessionid=one; HttpOnly; Path=/; SameSite=Lax", "fc_csrftoken=tok; Path=/"]
    )

    assert cookies.header("127.0.0.1") == "fc_sessionid=one; fc_csrftoken=tok"


def test_a_cookie_set_again_is_overwritten():
    cookies = Cookies()
    cookies.store("127.0.0.1", ["fc_sessionid=one; Path=/", "fc_csrftoken=tok; Path=/"])
    cookies.store("127.0.0.1", ["fc_sessionid=two; Path=/"])

    assert cookies.get("127.0.0.1", "fc_sessionid") == "two"
    assert cookies.header("127.0.0.1") == "fc_sessionid=two; fc_csrftoken=tok"


def test_max_age_zero_or_a_past_expiry_deletes_a_cookie():
    cookies = Cookies()
    cookies.store("127.0.0.1", ["a=1", "b=2", "c=3", "d=4"])
    cookies.store(
        "127.0.0.1",
        [
            'a=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/',  # Django's delete_cookie
            "b=; Max-Age=0; Path=/",
            "c=; expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/",
            "d=5; expires=Fri, 01 Jan 2106 00:00:00 GMT; Max-Age=31449600; Path=/",  # kept
            "e=; Max-Age=0",  # deleting a cookie never set
        ],
    )

    assert cookies.header("127.0.0.1") == "d=5"
    cookies.store("127.0.0.1", ["d=; Max-Age=0"])
    assert cookies.header("127.0.0.1") is None


def test_cookies_belong_to_a_host_whatever_its_port_not_to_other_hosts():
    cookies = Cookies()
    cookies.store("127.0.0.1", ["fc_sessionid=portal"])
    cookies.store("127.0.0.1", ["idp_sessionid=provider"])

    assert cookies.header("127.0.0.1") == "fc_sessionid=portal; idp_sessionid=provider"
    assert cookies.header("localhost") is None


def test_a_quoted_value_is_sent_back_as_received():
    cookies = Cookies()
    cookies.store("127.0.0.1", ['messages="a\\054b:1tG"; HttpOnly; Path=/'])

    assert cookies.header("127.0.0.1") == 'messages="a\\054b:1tG"'


# One request.


def test_pool_is_shared_large_enough_and_never_blocks():
    assert driver.HTTP.connection_pool_kw["maxsize"] >= 32
    assert driver.HTTP.connection_pool_kw["block"] is False


def test_a_request_reads_status_headers_and_body_and_keeps_cookies(recorders):
    cookies = Cookies()

    answer = send("GET", f"{recorders[0]}/set-cookies", cookies)

    assert answer.status == 200
    assert answer.headers["X-Query-Count"] == "7"
    assert answer.headers.getlist("Set-Cookie")[0].startswith("fc_sessionid=abc123")
    assert answer.json() == {
        "method": "GET", "path": "/set-cookies", "cookie": None, "content_type": None, "referer": None, "body": ""
    }  # fmt: skip
    assert answer.url == f"{recorders[0]}/set-cookies"
    assert answer.seconds > 0
    assert not answer.is_redirect
    assert cookies.header("127.0.0.1") == 'fc_sessionid=abc123; fc_note="a\\054b"'


def test_cookies_go_back_to_the_same_host_on_another_port_not_to_another_host(recorders):
    cookies = Cookies()
    send("GET", f"{recorders[0]}/set-cookies", cookies)

    same_host = send("GET", f"{recorders[1]}/", cookies).json()
    other_host = send("GET", recorders[1].replace("127.0.0.1", "localhost") + "/", cookies).json()

    assert same_host["cookie"] == 'fc_sessionid=abc123; fc_note="a\\054b"'
    assert other_host["cookie"] is None


def test_a_form_is_posted_urlencoded_with_its_headers(recorders):
    answer = send(
        "POST",
        f"{recorders[0]}/login/",
        Cookies(),
        form={"next": "/a?b=c&d", "x": "é"},
        headers={"Referer": "r"},
    ).json()

    assert answer["method"] == "POST"
    assert answer["content_type"] == "application/x-www-form-urlencoded"
    assert answer["body"] == "next=%2Fa%3Fb%3Dc%26d&x=%C3%A9"
    assert answer["referer"] == "r"


def test_redirects_are_not_followed(recorders):
    answer = send("GET", f"{recorders[0]}/redirect", Cookies())

    assert answer.status == 302
    assert answer.is_redirect
    assert answer.headers["Location"] == "/elsewhere/"
    assert answer.json()["path"] == "/redirect"


# Complete logins.


@pytest.mark.parametrize(
    "fake_stack", [False, True], ids=["pages_by_redirect", "pages_in_place"], indirect=True
)
def test_a_complete_login_times_each_portal_request(fake_stack):
    partner = Partner(fake_stack.portal_url, CLIENT_ID, CLIENT_SECRET)

    result = complete_login(partner)

    endpoints = [request.endpoint for request in result.portal_requests]
    chooser = [] if fake_stack.answers_in_place else ["GET /en/connexion/<interaction>/"]
    confirmation = [] if fake_stack.answers_in_place else ["GET /connexion/<interaction>/confirmation/"]
    assert endpoints == [
        "GET /api/v2/authorize",
        *chooser,
        "GET /connexion/<interaction>/fi/<slug>/",
        "GET /fi/retour",
        *confirmation,
        "POST /connexion/<interaction>/confirmation/",
        "POST /api/v2/token",
        "GET /api/v2/userinfo",
    ]
    retour = result.portal_requests[endpoints.index("GET /fi/retour")]
    assert (retour.queries, retour.cpu_seconds, retour.server_seconds) == (3, 0.0015, 0.0025)
    assert retour.upstream_seconds == 0.001
    assert all(request.seconds > 0 for request in result.portal_requests)
    assert result.seconds >= result.portal_seconds


def test_a_portal_error_is_a_failure_named_by_status_and_endpoint(fake_stack):
    partner = Partner(fake_stack.portal_url, CLIENT_ID, "not-the-secret")

    with pytest.raises(LoginFailure) as failure:
        complete_login(partner)

    assert failure.value.kind == "http_401_/api/v2/token"


def test_logins_in_parallel_keep_their_cookies_apart(fake_stack):
    partner = Partner(fake_stack.portal_url, CLIENT_ID, CLIENT_SECRET)
    results = []

    def login():
        results.append(complete_login(partner))

    threads = [threading.Thread(target=login) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(results) == 6
