"""A partner site's configuration as one value: what a partner sets in the space, what each version
keeps (SiteConfigurationVersion.configuration), and what a production review approves.

Only what a partner decides is in it; the portal's own bookkeeping (the secret, its grace period,
the organisation, which operators set) is not. ``diff`` says what changed between two versions,
field by field, as the version list shows it and a review reads it.
"""

from dataclasses import asdict, dataclass, fields

FIELDS_ORDER = (
    "name",
    "site_url",
    "contact_email",
    "redirect_uris",
    "post_logout_redirect_uris",
    "scopes",
    "algorithm",
    "eidas_level",
    "consent_required",
    "environment",
)


@dataclass(frozen=True)
class SiteConfiguration:
    name: str
    site_url: str
    contact_email: str
    redirect_uris: tuple[str, ...]
    post_logout_redirect_uris: tuple[str, ...]
    scopes: tuple[str, ...]
    algorithm: str
    eidas_level: str
    consent_required: bool
    environment: str

    @classmethod
    def of_site(cls, site) -> "SiteConfiguration":
        return cls(
            name=site.name,
            site_url=site.site_url,
            contact_email=site.contact_email,
            redirect_uris=tuple(site.redirect_uris.split()),
            post_logout_redirect_uris=tuple(site.post_logout_redirect_uris.split()),
            scopes=tuple(site.allowed_scopes.split()),
            algorithm=site.algorithm,
            eidas_level=site.eidas_level,
            consent_required=site.consent_required,
            environment=site.environment,
        )

    @classmethod
    def from_json(cls, data: dict) -> "SiteConfiguration":
        known = {field.name for field in fields(cls)}
        values = {name: value for name, value in data.items() if name in known}
        for name in ("redirect_uris", "post_logout_redirect_uris", "scopes"):
            values[name] = tuple(values.get(name, ()))
        return cls(**values)

    def as_json(self) -> dict:
        return {
            name: list(value) if isinstance(value, tuple) else value for name, value in asdict(self).items()
        }

    def apply_to(self, site) -> None:
        """Write this configuration on the site's row (not saved)."""
        site.name = self.name
        site.site_url = self.site_url
        site.contact_email = self.contact_email
        site.redirect_uris = " ".join(self.redirect_uris)
        site.post_logout_redirect_uris = " ".join(self.post_logout_redirect_uris)
        site.allowed_scopes = " ".join(self.scopes)
        site.algorithm = self.algorithm
        site.eidas_level = self.eidas_level
        site.consent_required = self.consent_required
        site.environment = self.environment


def diff(before: SiteConfiguration | None, after: SiteConfiguration) -> dict:
    """{field: {"before": …, "after": …}} for each field that changed (every field from nothing)."""
    old = before.as_json() if before is not None else {}
    new = after.as_json()
    return {
        name: {"before": old.get(name), "after": new[name]}
        for name in FIELDS_ORDER
        if old.get(name) != new[name]
    }
