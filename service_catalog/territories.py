"""French regions and départements by INSEE code (public facts), for the territory filter.

Codes are written ``R<region>`` and ``D<département>``. A service for a département also serves
citizens looking for its region's services, and every citizen sees the national ones.

Their names are translated like the rest of the interface (source names in English, which keeps
the French name of a département; French and Russian in locale/): a person reading the portal in
Russian looks for « Париж », not « Paris ».
"""

import functools

from django.utils.text import format_lazy
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from franceconnect.infrastructure.collation import sorted_by_name

REGIONS = {
    "01": pgettext_lazy("French region", "Guadeloupe"),
    "02": pgettext_lazy("French region", "Martinique"),
    "03": pgettext_lazy("French region", "French Guiana"),
    "04": pgettext_lazy("French region", "Réunion"),
    "06": pgettext_lazy("French region", "Mayotte"),
    "11": pgettext_lazy("French region", "Île-de-France"),
    "24": pgettext_lazy("French region", "Centre-Val de Loire"),
    "27": pgettext_lazy("French region", "Bourgogne-Franche-Comté"),
    "28": pgettext_lazy("French region", "Normandy"),
    "32": pgettext_lazy("French region", "Hauts-de-France"),
    "44": pgettext_lazy("French region", "Grand Est"),
    "52": pgettext_lazy("French region", "Pays de la Loire"),
    "53": pgettext_lazy("French region", "Brittany"),
    "75": pgettext_lazy("French region", "Nouvelle-Aquitaine"),
    "76": pgettext_lazy("French region", "Occitanie"),
    "84": pgettext_lazy("French region", "Auvergne-Rhône-Alpes"),
    "93": pgettext_lazy("French region", "Provence-Alpes-Côte d'Azur"),
    "94": pgettext_lazy("French region", "Corsica"),
}

# Département code: (name, region code).
DEPARTMENTS = {
    "01": (pgettext_lazy("French département", "Ain"), "84"),
    "02": (pgettext_lazy("French département", "Aisne"), "32"),
    "03": (pgettext_lazy("French département", "Allier"), "84"),
    "04": (pgettext_lazy("French département", "Alpes-de-Haute-Provence"), "93"),
    "05": (pgettext_lazy("French département", "Hautes-Alpes"), "93"),
    "06": (pgettext_lazy("French département", "Alpes-Maritimes"), "93"),
    "07": (pgettext_lazy("French département", "Ardèche"), "84"),
    "08": (pgettext_lazy("French département", "Ardennes"), "44"),
    "09": (pgettext_lazy("French département", "Ariège"), "76"),
    "10": (pgettext_lazy("French département", "Aube"), "44"),
    "11": (pgettext_lazy("French département", "Aude"), "76"),
    "12": (pgettext_lazy("French département", "Aveyron"), "76"),
    "13": (pgettext_lazy("French département", "Bouches-du-Rhône"), "93"),
    "14": (pgettext_lazy("French département", "Calvados"), "28"),
    "15": (pgettext_lazy("French département", "Cantal"), "84"),
    "16": (pgettext_lazy("French département", "Charente"), "75"),
    "17": (pgettext_lazy("French département", "Charente-Maritime"), "75"),
    "18": (pgettext_lazy("French département", "Cher"), "24"),
    "19": (pgettext_lazy("French département", "Corrèze"), "75"),
    "2A": (pgettext_lazy("French département", "Corse-du-Sud"), "94"),
    "2B": (pgettext_lazy("French département", "Haute-Corse"), "94"),
    "21": (pgettext_lazy("French département", "Côte-d'Or"), "27"),
    "22": (pgettext_lazy("French département", "Côtes-d'Armor"), "53"),
    "23": (pgettext_lazy("French département", "Creuse"), "75"),
    "24": (pgettext_lazy("French département", "Dordogne"), "75"),
    "25": (pgettext_lazy("French département", "Doubs"), "27"),
    "26": (pgettext_lazy("French département", "Drôme"), "84"),
    "27": (pgettext_lazy("French département", "Eure"), "28"),
    "28": (pgettext_lazy("French département", "Eure-et-Loir"), "24"),
    "29": (pgettext_lazy("French département", "Finistère"), "53"),
    "30": (pgettext_lazy("French département", "Gard"), "76"),
    "31": (pgettext_lazy("French département", "Haute-Garonne"), "76"),
    "32": (pgettext_lazy("French département", "Gers"), "76"),
    "33": (pgettext_lazy("French département", "Gironde"), "75"),
    "34": (pgettext_lazy("French département", "Hérault"), "76"),
    "35": (pgettext_lazy("French département", "Ille-et-Vilaine"), "53"),
    "36": (pgettext_lazy("French département", "Indre"), "24"),
    "37": (pgettext_lazy("French département", "Indre-et-Loire"), "24"),
    "38": (pgettext_lazy("French département", "Isère"), "84"),
    "39": (pgettext_lazy("French département", "Jura"), "27"),
    "40": (pgettext_lazy("French département", "Landes"), "75"),
    "41": (pgettext_lazy("French département", "Loir-et-Cher"), "24"),
    "42": (pgettext_lazy("French département", "Loire"), "84"),
    "43": (pgettext_lazy("French département", "Haute-Loire"), "84"),
    "44": (pgettext_lazy("French département", "Loire-Atlantique"), "52"),
    "45": (pgettext_lazy("French département", "Loiret"), "24"),
    "46": (pgettext_lazy("French département", "Lot"), "76"),
    "47": (pgettext_lazy("French département", "Lot-et-Garonne"), "75"),
    "48": (pgettext_lazy("French département", "Lozère"), "76"),
    "49": (pgettext_lazy("French département", "Maine-et-Loire"), "52"),
    "50": (pgettext_lazy("French département", "Manche"), "28"),
    "51": (pgettext_lazy("French département", "Marne"), "44"),
    "52": (pgettext_lazy("French département", "Haute-Marne"), "44"),
    "53": (pgettext_lazy("French département", "Mayenne"), "52"),
    "54": (pgettext_lazy("French département", "Meurthe-et-Moselle"), "44"),
    "55": (pgettext_lazy("French département", "Meuse"), "44"),
    "56": (pgettext_lazy("French département", "Morbihan"), "53"),
    "57": (pgettext_lazy("French département", "Moselle"), "44"),
    "58": (pgettext_lazy("French département", "Nièvre"), "27"),
    "59": (pgettext_lazy("French département", "Nord"), "32"),
    "60": (pgettext_lazy("French département", "Oise"), "32"),
    "61": (pgettext_lazy("French département", "Orne"), "28"),
    "62": (pgettext_lazy("French département", "Pas-de-Calais"), "32"),
    "63": (pgettext_lazy("French département", "Puy-de-Dôme"), "84"),
    "64": (pgettext_lazy("French département", "Pyrénées-Atlantiques"), "75"),
    "65": (pgettext_lazy("French département", "Hautes-Pyrénées"), "76"),
    "66": (pgettext_lazy("French département", "Pyrénées-Orientales"), "76"),
    "67": (pgettext_lazy("French département", "Bas-Rhin"), "44"),
    "68": (pgettext_lazy("French département", "Haut-Rhin"), "44"),
    "69": (pgettext_lazy("French département", "Rhône"), "84"),
    "70": (pgettext_lazy("French département", "Haute-Saône"), "27"),
    "71": (pgettext_lazy("French département", "Saône-et-Loire"), "27"),
    "72": (pgettext_lazy("French département", "Sarthe"), "52"),
    "73": (pgettext_lazy("French département", "Savoie"), "84"),
    "74": (pgettext_lazy("French département", "Haute-Savoie"), "84"),
    "75": (pgettext_lazy("French département", "Paris"), "11"),
    "76": (pgettext_lazy("French département", "Seine-Maritime"), "28"),
    "77": (pgettext_lazy("French département", "Seine-et-Marne"), "11"),
    "78": (pgettext_lazy("French département", "Yvelines"), "11"),
    "79": (pgettext_lazy("French département", "Deux-Sèvres"), "75"),
    "80": (pgettext_lazy("French département", "Somme"), "32"),
    "81": (pgettext_lazy("French département", "Tarn"), "76"),
    "82": (pgettext_lazy("French département", "Tarn-et-Garonne"), "76"),
    "83": (pgettext_lazy("French département", "Var"), "93"),
    "84": (pgettext_lazy("French département", "Vaucluse"), "93"),
    "85": (pgettext_lazy("French département", "Vendée"), "52"),
    "86": (pgettext_lazy("French département", "Vienne"), "75"),
    "87": (pgettext_lazy("French département", "Haute-Vienne"), "75"),
    "88": (pgettext_lazy("French département", "Vosges"), "44"),
    "89": (pgettext_lazy("French département", "Yonne"), "27"),
    "90": (pgettext_lazy("French département", "Territoire de Belfort"), "27"),
    "91": (pgettext_lazy("French département", "Essonne"), "11"),
    "92": (pgettext_lazy("French département", "Hauts-de-Seine"), "11"),
    "93": (pgettext_lazy("French département", "Seine-Saint-Denis"), "11"),
    "94": (pgettext_lazy("French département", "Val-de-Marne"), "11"),
    "95": (pgettext_lazy("French département", "Val-d'Oise"), "11"),
    "971": (pgettext_lazy("French département", "Guadeloupe"), "01"),
    "972": (pgettext_lazy("French département", "Martinique"), "02"),
    "973": (pgettext_lazy("French département", "French Guiana"), "03"),
    "974": (pgettext_lazy("French département", "Réunion"), "04"),
    "976": (pgettext_lazy("French département", "Mayotte"), "06"),
}

VALID_CODES = {f"R{code}" for code in REGIONS} | {f"D{code}" for code in DEPARTMENTS}


def territory_name(code: str) -> str:
    """« Bretagne (région) », « 75 — Paris » in the active language; an unknown code as it is."""
    if code.startswith("R") and code[1:] in REGIONS:
        return str(format_lazy(_("{name} (region)"), name=REGIONS[code[1:]]))
    if code.startswith("D") and code[1:] in DEPARTMENTS:
        return f"{code[1:]} — {DEPARTMENTS[code[1:]][0]}"
    return code


def territory_choices() -> list[tuple[str, str]]:
    """The territory filter's choices in the active language: regions in its alphabetical order
    (« Île-de-France » among the I's, not after Z), then départements by number, as people
    know them."""
    return _choices_in(get_language() or "fr")


@functools.lru_cache(maxsize=8)
def _choices_in(language: str) -> list[tuple[str, str]]:
    regions = [(f"R{code}", territory_name(f"R{code}")) for code in REGIONS]
    return [
        *sorted_by_name(regions, lambda choice: choice[1], language),
        *[(f"D{code}", territory_name(f"D{code}")) for code in DEPARTMENTS],
    ]


def codes_covering(code: str) -> list[str]:
    """The territory codes whose services concern someone in ``code`` (a département: also its region)."""
    if code.startswith("D") and code[1:] in DEPARTMENTS:
        return [code, f"R{DEPARTMENTS[code[1:]][1]}"]
    return [code]
