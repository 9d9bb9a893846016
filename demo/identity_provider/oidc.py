"""The demo provider's claims: the citizen's pivot identity, one scope per claim (as FranceConnect)."""

from oauth2_provider.oauth2_validators import OAuth2Validator

PIVOT_CLAIMS = [
    "given_name",
    "family_name",
    "birthdate",
    "gender",
    "birthplace",
    "birthcountry",
    "email",
    "preferred_username",
]


class PivotIdentityValidator(OAuth2Validator):
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, **{claim: claim for claim in PIVOT_CLAIMS}}

    def get_additional_claims(self, request):
        citizen = request.user
        claims = {
            "given_name": citizen.given_name,
            "family_name": citizen.family_name,
            "birthdate": citizen.birthdate.isoformat() if citizen.birthdate else "",
            "gender": citizen.gender,
            "birthplace": citizen.birthplace,
            "birthcountry": citizen.birthcountry,
            "email": citizen.email,
        }
        # FranceConnect's preferred_username is the usage family name, never the login name:
        # absent for a person who has none, as a real identity provider leaves it out.
        if citizen.usage_name:
            claims["preferred_username"] = citizen.usage_name
        return claims

    def get_id_token_dictionary(self, token, token_handler, request):
        # A password login at this demo provider is a "low" (eidas1) level of assurance. The
        # library already adds auth_time: the citizen's last password entry (last_login).
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        return {**claims, "acr": "eidas1", "amr": ["pwd"]}, expiration_time
