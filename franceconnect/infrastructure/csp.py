"""The Content-Security-Policy header, built once per process instead of on every response.

django-csp turns the settings into the header's text on each response (twice: the policy and the
report-only policy), about 50 µs here, eight times per login. The portal's policy only changes
with the nonce of each page, so its text is kept with a stand-in where the nonce goes. Responses
that carry their own policy (django-csp's decorators) and debug or report-only setups take
django-csp's own path.
"""

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed

NONCE_STAND_IN = "portal-csp-nonce-stand-in"
PER_RESPONSE_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)
_policies: dict[bool, str] = {}


def policy_text(*, with_nonce: bool) -> str:
    policy = _policies.get(with_nonce)
    if policy is None:
        policy = _policies[with_nonce] = build_policy(nonce=NONCE_STAND_IN if with_nonce else None)
    return policy


def _forget_policies(*, setting, **_kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "DEBUG":
        _policies.clear()


setting_changed.connect(_forget_policies)


def _django_csp_decides(response) -> bool:
    return (
        settings.DEBUG
        or bool(getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None))
        or bool((getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}).get("EXCLUDE_URL_PREFIXES"))
        or HEADER in response
        or any(hasattr(response, name) for name in PER_RESPONSE_POLICY)
    )


class PortalCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if _django_csp_decides(response):
            return super().process_response(request, response)
        nonce = getattr(request, "_csp_nonce", None)
        policy = policy_text(with_nonce=nonce is not None)
        if policy:
            response[HEADER] = policy.replace(NONCE_STAND_IN, nonce) if nonce else policy
        if nonce is None:  # as django-csp: a nonce asked for after the header is written is an error
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
