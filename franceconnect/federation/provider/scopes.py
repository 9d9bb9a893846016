"""FranceConnect v2 scopes and the claims each one releases."""

from django.utils.translation import gettext_lazy as _

from franceconnect.infrastructure.vocabulary import PIVOT_CLAIMS

IDENTITY_CLAIMS = (*PIVOT_CLAIMS, "email", "preferred_username")

SCOPE_CLAIMS: dict[str, tuple[str, ...]] = {
    "openid": (),
    "profile": ("given_name", "family_name", "birthdate", "gender", "preferred_username"),
    "birth": ("birthplace", "birthcountry"),
    "identite_pivot": PIVOT_CLAIMS,
    **{claim: (claim,) for claim in IDENTITY_CLAIMS},
}

CLAIM_LABELS = {
    "given_name": _("First names"),
    "family_name": _("Surname at birth"),
    "birthdate": _("Date of birth"),
    "gender": _("Sex"),
    "birthplace": _("Place of birth"),
    "birthcountry": _("Country of birth"),
    "email": _("E-mail address"),
    # FranceConnect's « nom d'usage »: the surname a person uses instead of their birth name.
    "preferred_username": _("Surname you use"),
}

# A scope named after one claim is described by that claim's label.
SCOPE_DESCRIPTIONS = {
    "openid": _("Your identifier for the site"),
    "profile": _("Your profile: names, sex, date of birth and the surname you use"),
    "birth": _("Your place and country of birth"),
    "identite_pivot": _("Your identity: names, sex, date and place of birth"),
    **CLAIM_LABELS,
}

SUPPORTED_SCOPES = tuple(SCOPE_CLAIMS)


def scopes_covered_by(allowed_scopes) -> set[str]:
    """The scopes a site allowed these may ask for: these, and the scope of each claim one of them
    releases (a site allowed ``identite_pivot`` may ask for ``given_name`` alone); a claim scope
    that none of them covers stays out."""
    return set(allowed_scopes) | {claim for scope in allowed_scopes for claim in SCOPE_CLAIMS.get(scope, ())}


def claims_for_scopes(scopes) -> list[str]:
    """The identity claims the scopes release, in a stable order."""
    wanted = {claim for scope in scopes for claim in SCOPE_CLAIMS.get(scope, ())}
    return [claim for claim in IDENTITY_CLAIMS if claim in wanted]


def released_claims(identity: dict, scopes) -> dict:
    """The identity claims released for these scopes, with given_name_array beside given_name."""
    claims = {claim: identity.get(claim, "") for claim in claims_for_scopes(scopes)}
    if "email" in claims and not claims["email"]:
        del claims["email"]  # a person without an e-mail address: the claim is absent, not empty
    if "preferred_username" in claims and not claims["preferred_username"]:
        del claims["preferred_username"]
    if "given_name" in claims:
        claims["given_name_array"] = claims["given_name"].split(" ")
    return claims
