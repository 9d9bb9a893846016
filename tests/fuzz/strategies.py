"""Malformed input for the public endpoints: random and huge strings, bytes that are not UTF-8,
JWT-shaped garbage, wrong methods and odd headers."""

import base64
import json
from urllib.parse import quote, quote_from_bytes

from hypothesis import strategies as st

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD")
HUGE = 20_000

text = st.text(max_size=60)
huge_text = st.integers(min_value=1_000, max_value=HUGE).map(lambda size: "x" * size)
# Characters a browser or a proxy may still send in a header (latin-1, as WSGI carries them).
header_text = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=80)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)
# Three base64url parts of random bytes or random JSON: what a forged token looks like.
jwt_like = st.tuples(
    st.one_of(st.binary(max_size=40), json_values.map(lambda value: json.dumps(value).encode())),
    st.one_of(st.binary(max_size=40), json_values.map(lambda value: json.dumps(value).encode())),
    st.binary(max_size=40),
).map(lambda parts: ".".join(_b64(part) for part in parts))

values = st.one_of(text, huge_text, jwt_like, st.sampled_from(["", "\x00", "%", "null", "[]", "{}", "é" * 3]))


def params(names: tuple[str, ...], known: dict[str, st.SearchStrategy] | None = None):
    """Some of the endpoint's own parameters (with plausible or random values) and random ones."""
    known = known or {}
    own = st.fixed_dictionaries({}, optional={name: known.get(name, values) | values for name in names})
    return st.tuples(own, st.dictionaries(text, values, max_size=3)).map(lambda pair: {**pair[1], **pair[0]})


def query_string(parameters: dict[str, str], raw: bytes) -> str:
    """The parameters percent-encoded, plus raw bytes that need not be UTF-8 once decoded."""
    encoded = "&".join(
        f"{quote(name, safe='')}={quote(value, safe='')}" for name, value in parameters.items()
    )
    return "&".join(part for part in (encoded, quote_from_bytes(raw, safe="=&")) if part)


odd_headers = st.fixed_dictionaries(
    {},
    optional={
        "authorization": st.one_of(
            header_text,
            header_text.map(lambda value: f"Bearer {value}"),
            st.binary(max_size=40).map(lambda raw: f"Basic {base64.b64encode(raw).decode()}"),
            jwt_like.map(lambda value: f"Bearer {value}"),
        ),
        "accept": st.one_of(header_text, st.sampled_from(["application/json", "*/*", "text/html;q=0"])),
        "accept-language": header_text,
        "origin": header_text,
        "referer": header_text,
        "cookie": header_text,
        "x-forwarded-for": header_text,
        "x-forwarded-proto": header_text,
        "if-none-match": header_text,
        "range": header_text,
    },
)

body_content_types = st.sampled_from(
    [
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json",
        "text/plain",
        "application/x-www-form-urlencoded; charset=latin-1",
    ]
)
