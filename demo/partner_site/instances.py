"""The two demo partner sites: two relying parties of the portal, so pairwise subjects can be seen.

``id_token_signed_response_alg`` is the algorithm the portal's demo setup registers for the
site; the site itself accepts both (see ``demo.partner_site.portal.ACCEPTED_ALGORITHMS``).
"""

# What the demo sites ask for (claim by claim) and the portal's demo setup allows them.
SCOPE = "openid given_name family_name birthdate gender birthplace birthcountry email preferred_username"

PARTNER_SITES = {
    "retraite": {
        "name": "Mon compte retraite (démo)",
        "port": 8011,
        "colour": "#5b2a86",
        "tagline": "Consultez vos droits à la retraite et l'historique de vos paiements.",
        "id_token_signed_response_alg": "RS256",
        "order": 10,
    },
    "famille": {
        "name": "Caisse des familles (démo)",
        "port": 8012,
        "colour": "#b34700",
        "tagline": "Suivez vos prestations familiales et déclarez un changement de situation.",
        "id_token_signed_response_alg": "ES256",
        "order": 20,
    },
}
