"""The demo citizens: full pivot identities, shared by the demo identity providers.

Each citizen has an account at some of the two demo identity providers, so one person can be
shown logging in through either. ``usage_name`` is the « nom d'usage » (a married name…) that a
provider sends as ``preferred_username``; most people have none. ``register`` is what the demo
identity register (the portal's stand-in for the national register of persons) answers about the
person: ``found``, ``not_found`` or ``deceased``. ``at_provider`` gives what an identity provider
holds differently from the register (a misspelled name…): the register answers it ``corrected``
with the identity above.
"""

DEMO_PASSWORD = "demo-password"  # noqa: S105 — published in the README, demo only

CITIZENS = [
    {
        "username": "angela.dubois",
        "given_name": "Angela Claire Louise",
        "family_name": "DUBOIS",
        "birthdate": "1962-08-24",
        "gender": "female",
        "birthplace": "75107",  # Paris 7e arrondissement
        "birthcountry": "99100",
        "email": "angela.dubois@demo.localhost",
        "usage_name": "MOREAU",  # her married name: sent as preferred_username
        "providers": ["impots", "ameli"],
        "register": "found",
    },
    {
        "username": "jean-pierre.lefevre-martin",
        "given_name": "Jean-Pierre Éric",
        "family_name": "LEFÈVRE-MARTIN",
        "birthdate": "1985-03-14",
        "gender": "male",
        "birthplace": "69123",  # Lyon
        "birthcountry": "99100",
        "email": "jp.lefevre-martin@demo.localhost",
        "usage_name": "",
        "providers": ["impots", "ameli"],
        "register": "found",
    },
    {
        "username": "olga.petrova",
        "given_name": "Olga",
        "family_name": "PETROVA",
        "birthdate": "1990-11-02",
        "gender": "female",
        "birthplace": "",  # born abroad: no French commune
        "birthcountry": "99123",  # Russia
        "email": "olga.petrova@demo.localhost",
        "usage_name": "",
        "providers": ["ameli"],
        "register": "found",
    },
    {
        "username": "marie-ange.santoni",
        "given_name": "Marie-Ange",
        "family_name": "SANTONI",
        "birthdate": "1978-06-30",
        "gender": "female",
        "birthplace": "2A004",  # Ajaccio, Corse-du-Sud
        "birthcountry": "99100",
        "email": "marie-ange.santoni@demo.localhost",
        "usage_name": "",
        "providers": ["impots"],
        "register": "found",
    },
    {
        "username": "pierre.paul",
        "given_name": "Pierre",
        "family_name": "PAUL",
        "birthdate": "1950-01-01",
        "gender": "male",
        "birthplace": "13055",  # Marseille
        "birthcountry": "99100",
        "email": "",  # no e-mail address: no security e-mail can be sent
        "usage_name": "",
        "providers": ["impots", "ameli"],
        "register": "found",
    },
    {
        "username": "bernard.mugnier",
        "given_name": "Bernard",
        "family_name": "MUGNIER",
        "birthdate": "1950-05-12",
        "gender": "male",
        # Annecy-le-Vieux, merged into Annecy in 2017: his birth certificate keeps the code.
        "birthplace": "74011",
        "birthcountry": "99100",
        "email": "bernard.mugnier@demo.localhost",
        "usage_name": "",
        "providers": ["impots", "ameli"],
        "register": "found",
    },
    {
        "username": "lucas.inconnu",
        "given_name": "Lucas",
        "family_name": "INCONNU",
        "birthdate": "2000-02-29",
        "gender": "male",
        "birthplace": "33063",  # Bordeaux
        "birthcountry": "99100",
        "email": "lucas.inconnu@demo.localhost",
        "usage_name": "",
        "providers": ["impots", "ameli"],
        "register": "not_found",  # the identity register does not know him
    },
    {
        "username": "etienne.rousseau",
        "given_name": "Étienne",
        "family_name": "ROUSSEAU",
        "birthdate": "1971-09-18",
        "gender": "male",
        "birthplace": "44109",  # Nantes
        "birthcountry": "99100",
        "email": "etienne.rousseau@demo.localhost",
        "usage_name": "",
        "providers": ["impots", "ameli"],
        "register": "found",
        # ameli.fr (démo) misspelled his surname: the register corrects it, and he keeps one
        # account and one sub per site whichever provider he uses.
        "at_provider": {"ameli": {"family_name": "ROUSSAU"}},
    },
    {
        "username": "suzanne.legrand",
        "given_name": "Suzanne Marie",
        "family_name": "LEGRAND",
        "birthdate": "1931-04-12",
        "gender": "female",
        "birthplace": "35238",  # Rennes
        "birthcountry": "99100",
        "email": "suzanne.legrand@demo.localhost",
        "usage_name": "",
        "providers": ["impots"],
        "register": "deceased",  # the register records her death: her identity cannot be used
    },
]

# Test identities (README « Espace partenaires »): known only to the demo identity provider of
# test identities, which only sandbox partner sites offer. They cover what integrators get wrong:
# a birth abroad (no birthplace), compound, accented and apostrophed names, many first names, a
# birth overseas, a leap day. A partial birth date is not among them: the portal's pivot identity
# requires a full YYYY-MM-DD date (identity_providers/pivot.py), so no provider can send one.
TEST_CITIZENS = [
    {
        "username": "test.aicha.bensaid",
        "given_name": "Aïcha",
        "family_name": "BENSAÏD",
        "birthdate": "1988-04-17",
        "gender": "female",
        "birthplace": "",  # born abroad: no birthplace
        "birthcountry": "99352",  # Algeria
        "email": "aicha.bensaid@test.localhost",
        "usage_name": "",
        "providers": ["test"],
        "register": "found",
    },
    {
        "username": "test.marie-helene.de-la-tour",
        "given_name": "Marie-Hélène Françoise Éléonore",
        "family_name": "DE LA TOUR D'AUVERGNE-LAURAGUAIS",
        "birthdate": "1975-12-03",
        "gender": "female",
        "birthplace": "75115",  # Paris 15e
        "birthcountry": "99100",
        "email": "mh.delatour@test.localhost",
        "usage_name": "N'GUYEN-ÇELIK",
        "providers": ["test"],
        "register": "found",
    },
    {
        "username": "test.jean.baptiste.nguyen",
        "given_name": "Jean Baptiste Minh Đức Xavier",
        "family_name": "NGUYEN",
        "birthdate": "1996-02-29",  # a leap day
        "gender": "male",
        "birthplace": "97411",  # Saint-Denis (La Réunion)
        "birthcountry": "99100",
        "email": "",  # no e-mail address
        "usage_name": "",
        "providers": ["test"],
        "register": "found",
    },
    {
        "username": "test.lucas.inconnu",
        "given_name": "Lucas",
        "family_name": "TEST-INCONNU",
        "birthdate": "2001-07-14",
        "gender": "male",
        "birthplace": "33063",  # Bordeaux
        "birthcountry": "99100",
        "email": "lucas.test@test.localhost",
        "usage_name": "",
        "providers": ["test"],
        "register": "not_found",  # to see « Identité non vérifiée » from a sandbox site
    },
]
CITIZENS += TEST_CITIZENS

PIVOT_FIELDS = ("given_name", "family_name", "birthdate", "gender", "birthplace", "birthcountry")


def as_held_by(person: dict, provider: str) -> dict:
    """The person as this demo identity provider holds them (its own mistakes included)."""
    return {**person, **person.get("at_provider", {}).get(provider, {})}


# The two demo identity providers: distinct names, issuers, keys and ports.
IDENTITY_PROVIDERS = {
    "impots": {"name": "impots.gouv.fr (démo)", "port": 8001, "colour": "#1f4e79", "order": 10},
    "ameli": {"name": "ameli.fr (démo)", "port": 8002, "colour": "#0c7c59", "order": 20},
}
# The demo identity provider of test identities, marked for testing: only sandbox sites offer it
# (DESIGN.md keeps port 8004 for it). Apart from IDENTITY_PROVIDERS so that the end-to-end tests,
# which start those, start no third process.
TEST_IDENTITY_PROVIDERS = {
    "test": {
        "name": "Identités de test (bac à sable)",
        "port": 8004,
        "colour": "#6a6af4",
        "order": 90,
        "for_testing": True,
    },
}
ALL_IDENTITY_PROVIDERS = {**IDENTITY_PROVIDERS, **TEST_IDENTITY_PROVIDERS}
