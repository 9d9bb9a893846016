"""What a citizen's browser does on the partner site, with requests."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import requests

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token(page: str) -> str:
    match = CSRF_FIELD.search(page)
    assert match, "no CSRF token in the page"
    return match.group(1)


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def text(response: requests.Response) -> str:
    """The page with its entities decoded (Django escapes apostrophes as &#x27;)."""
    return html.unescape(response.text)


def start_login(browser: requests.Session, site_url: str) -> str:
    """Press the FranceConnect button; return the authorization URL, not followed."""
    home = browser.get(f"{site_url}/")
    response = browser.post(
        f"{site_url}/oidc/login/", data={"csrfmiddlewaretoken": csrf_token(home.text)}, allow_redirects=False
    )
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def log_in(browser: requests.Session, site_url: str) -> requests.Response:
    """The whole login: the fake portal accepts at once, so the redirects lead to the last page."""
    return browser.get(start_login(browser, site_url))
