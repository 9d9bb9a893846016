"""INSEE's Code officiel géographique, offline: the names behind the birthplace and birth country codes
of the pivot identity. Lookups only; how a name is shown to a person is the pages' business.
The data files, their sources and licences: ``data/README.md``; how they are built: ``build.py``.
"""

from identity_providers.geography.communes import Commune, CommuneKind, commune_by_code
from identity_providers.geography.countries import Country, country_by_code

__all__ = ["Commune", "CommuneKind", "Country", "commune_by_code", "country_by_code"]
