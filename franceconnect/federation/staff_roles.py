"""The back office's roles, as permission groups (created by migration franceconnect.0005).

- **Opérateurs**: run the federation — identity providers, partner sites, the catalogue, the
  information banners, citizens' login policies (through their audited actions), the partner
  space's production requests (approved or rejected with a comment); they read connections and
  e-mails.
- **Agents du support**: handle tickets and e-mails, read connections, login policies, citizens'
  accounts, refused logins and reports;
  nothing that holds a secret (identity providers, partner sites).
- **Auditeurs**: read everything, change nothing.

Operators and auditors also see the statistics dashboard (the permission
``service_statistics.view_statistics``, written below as the "view" action on "statistics").

Superusers keep every permission; any other staff account gets its rights from these groups.
"""

ALL = ("add", "change", "delete", "view")

OPERATORS = "Opérateurs"
SUPPORT_AGENTS = "Agents du support"
AUDITORS = "Auditeurs"

# (app label, model) -> actions, per role.
STAFF_ROLES: dict[str, dict[tuple[str, str], tuple[str, ...]]] = {
    OPERATORS: {
        ("identity_providers", "identityprovider"): ALL,
        ("identity_providers", "healthcheck"): ("view",),
        ("franceconnect", "serviceprovider"): ALL,
        ("franceconnect", "connection"): ("view",),
        ("franceconnect", "loginpolicy"): ("view", "change"),
        ("franceconnect", "loginpolicychange"): ("view",),
        ("franceconnect", "citizenaccount"): ("view", "suspend"),
        ("franceconnect", "refusedlogin"): ("view",),
        ("service_catalog", "category"): ALL,
        ("service_catalog", "service"): ALL,
        ("service_catalog", "serviceterritory"): ALL,
        ("notifications", "notification"): ("view",),
        ("announcements", "banner"): ALL,
        ("service_statistics", "statistics"): ("view",),
        # The partner space: operators read organisations and people, and correct an
        # organisation's name or a person's role; nothing there holds a secret.
        ("partner_space", "organisation"): ("view", "change"),
        ("partner_space", "partnerperson"): ("view",),
        ("partner_space", "membership"): ("view", "change"),
        ("partner_space", "invitation"): ("view",),
        ("partner_space", "siteconfigurationversion"): ("view",),
        # Production requests: operators review them (approve or reject, with a comment).
        ("partner_space", "productionrequest"): ("view", "review"),
    },
    SUPPORT_AGENTS: {
        ("support", "ticket"): ("view", "change"),
        ("support", "ticketmessage"): ("view", "add"),
        ("notifications", "notification"): ("view", "change"),
        ("franceconnect", "connection"): ("view",),
        ("franceconnect", "loginpolicy"): ("view",),
        ("franceconnect", "loginpolicychange"): ("view",),
        ("franceconnect", "citizenaccount"): ("view",),
        ("franceconnect", "refusedlogin"): ("view",),
        ("citizen_space", "connectionreport"): ("view",),
        # Who a partner site's people are (to answer them); never a site's secret.
        ("partner_space", "organisation"): ("view",),
        ("partner_space", "partnerperson"): ("view",),
        ("partner_space", "membership"): ("view",),
    },
    AUDITORS: {
        (app, model): ("view",)
        for app, model in (
            ("identity_providers", "identityprovider"),
            ("identity_providers", "healthcheck"),
            ("franceconnect", "serviceprovider"),
            ("franceconnect", "connection"),
            ("franceconnect", "loginpolicy"),
            ("franceconnect", "loginpolicychange"),
            ("franceconnect", "user"),
            ("franceconnect", "citizenaccount"),
            ("franceconnect", "refusedlogin"),
            ("service_catalog", "category"),
            ("service_catalog", "service"),
            ("service_catalog", "serviceterritory"),
            ("notifications", "notification"),
            ("support", "ticket"),
            ("support", "ticketmessage"),
            ("citizen_space", "connectionreport"),
            ("announcements", "banner"),
            ("service_statistics", "statistics"),
            ("partner_space", "organisation"),
            ("partner_space", "partnerperson"),
            ("partner_space", "membership"),
            ("partner_space", "invitation"),
            ("partner_space", "siteconfigurationversion"),
            ("partner_space", "productionrequest"),
        )
    },
}


def staff_roles_ensure(apps) -> None:
    """Create the groups with exactly their permissions (``apps``: a migration's or the registry)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():  # a fresh database has no permissions yet
        # A migration's app configs have no models module, which create_permissions() skips.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    existing = {
        (app, codename): pk
        for pk, app, codename in Permission.objects.values_list("pk", "content_type__app_label", "codename")
    }
    for name, grants in STAFF_ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = [
            (app, f"{action}_{model}") for (app, model), actions in grants.items() for action in actions
        ]
        # An earlier migration runs this before later ones create their models: it grants what
        # exists, and the migration that creates a model runs this again (0007 for the accounts).
        group.permissions.set([existing[key] for key in wanted if key in existing])
