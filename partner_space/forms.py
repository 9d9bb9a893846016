"""The space's forms. Every error names its field with the label's own words (the error summary
lists them); passwords go through Django's validators (AUTH_PASSWORD_VALIDATORS)."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from franceconnect.federation.provider.scopes import SCOPE_DESCRIPTIONS, SUPPORTED_SCOPES
from franceconnect.infrastructure.form_errors import ErrorSummaryMixin
from franceconnect.infrastructure.vocabulary import EIDAS_LEVEL_CHOICES, SIGNING_ALGORITHMS
from partner_space.configuration import SiteConfiguration
from partner_space.models import Role
from partner_space.siret import siret_validate
from partner_space.uris import uris_parse

# django-dsfr's radio and checkbox snippets load widget_tweaks, which the portal does not install.
CHOICES_TEMPLATE = "partner_space/fields/choices.html"


class Form(ErrorSummaryMixin, DsfrBaseForm):
    pass


def _email_field(label=None):
    return forms.EmailField(
        label=label or _("E-mail address"),
        max_length=254,
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address in the correct format, like name@example.fr."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class NewPasswordMixin:
    """A new password, checked by Django's validators against the person's own names and address."""

    def _password_checked(self, *, email: str, given_name: str, family_name: str):
        password = self.cleaned_data.get("password")
        if password:
            # An unsaved user: the validators compare the password with these attributes.
            person = get_user_model()(
                username=email, email=email, first_name=given_name, last_name=family_name
            )
            try:
                password_validation.validate_password(password, person)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return password


def _password_field(label=None, *, new=True):
    return forms.CharField(
        label=label or _("Password"),
        strip=False,
        help_text=_(
            "At least 12 characters, not only digits, not too common, not close to your name or address."
        )
        if new
        else None,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password" if new else "current-password"}),
        error_messages={"required": _("Enter a password.")},
    )


class SignUpForm(NewPasswordMixin, Form):
    given_name = forms.CharField(
        label=_("First name"), max_length=150, error_messages={"required": _("Enter your first name.")}
    )
    family_name = forms.CharField(
        label=_("Surname"), max_length=150, error_messages={"required": _("Enter your surname.")}
    )
    email = _email_field(_("Professional e-mail address"))
    password = _password_field()

    def clean(self):
        cleaned = super().clean()
        self._password_checked(
            email=cleaned.get("email", ""),
            given_name=cleaned.get("given_name", ""),
            family_name=cleaned.get("family_name", ""),
        )
        return cleaned


class InvitedSignUpForm(NewPasswordMixin, Form):
    """Signing up from an invitation: the address is the invitation's (its link proves it)."""

    given_name = SignUpForm.base_fields["given_name"]
    family_name = SignUpForm.base_fields["family_name"]
    password = _password_field()

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        self._password_checked(
            email=self.email,
            given_name=cleaned.get("given_name", ""),
            family_name=cleaned.get("family_name", ""),
        )
        return cleaned


class LoginForm(Form):
    email = _email_field()
    password = _password_field(new=False)


class CodeForm(Form):
    code = forms.RegexField(
        label=_("Six-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={
            "required": _("Enter the six-digit code."),
            "invalid": _("Enter the code as six digits, like 123456."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def token(self) -> str:
        return self.cleaned_data["code"].strip()


class EmailForm(Form):
    email = _email_field()


class NewPasswordForm(NewPasswordMixin, Form):
    password = _password_field(_("New password"))

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean(self):
        cleaned = super().clean()
        user = self.person.user
        self._password_checked(
            email=self.person.email, given_name=user.first_name, family_name=user.last_name
        )
        return cleaned


class OrganisationForm(Form):
    name = forms.CharField(
        label=_("Name of the organisation"),
        max_length=200,
        error_messages={"required": _("Enter the name of the organisation.")},
    )
    siret = forms.CharField(
        label=_("SIRET number (optional)"),
        required=False,
        max_length=20,
        help_text=_("14 digits, spaces allowed. Example: 130 025 265 00013"),
        validators=[siret_validate],
    )


class InvitationForm(Form):
    email = _email_field(_("Your colleague's e-mail address"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        widget=forms.RadioSelect,
        template_name=CHOICES_TEMPLATE,
        help_text=_(
            "Administrator: invites colleagues and configures sites. Developer: creates and configures sites. Reader: sees the sites."
        ),
        error_messages={"required": _("Choose a role.")},
    )


SCOPE_CHOICES = [(scope, f"{scope} — {SCOPE_DESCRIPTIONS[scope]}") for scope in SUPPORTED_SCOPES]


class SiteForm(Form):
    """The configuration a partner sets: what citizens see, where the portal answers, what it sends."""

    name = forms.CharField(
        label=_("Name of the site, as citizens will see it"),
        max_length=255,
        help_text=_("Shown on the portal's pages: « Connexion en cours sur … »."),
        error_messages={"required": _("Enter the name of the site.")},
    )
    site_url = forms.URLField(
        label=_("Address of the site"),
        assume_scheme="https",
        error_messages={
            "required": _("Enter the address of the site."),
            "invalid": _("Enter the address of the site, like https://www.example.fr."),
        },
    )
    contact_email = _email_field(_("Technical contact's e-mail address"))
    redirect_uris = forms.CharField(
        label=_("Redirect URIs (after login)"),
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_(
            "One per line, compared character for character. https only (on a sandbox site, http://localhost and http://127.0.0.1 too); no fragment (#), no wildcard."
        ),
        error_messages={"required": _("Enter at least one redirect URI.")},
    )
    post_logout_redirect_uris = forms.CharField(
        label=_("Post-logout redirect URIs (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "false"}),
        help_text=_("Same rules, one per line."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes the site asks for"),
        choices=SCOPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        template_name=CHOICES_TEMPLATE,
        help_text=_("openid is always included. Ask only for what the procedure needs."),
        required=False,
    )
    algorithm = forms.ChoiceField(
        label=_("ID token signing algorithm"),
        choices=[(algorithm, algorithm) for algorithm in SIGNING_ALGORITHMS],
        widget=forms.RadioSelect,
        template_name=CHOICES_TEMPLATE,
        initial="ES256",
    )
    eidas_level = forms.ChoiceField(
        label=_("Highest eIDAS level the site may ask for"),
        choices=EIDAS_LEVEL_CHOICES,
        widget=forms.RadioSelect,
        template_name=CHOICES_TEMPLATE,
        initial="eidas1",
    )
    consent_required = forms.BooleanField(
        label=_("Citizens tick a consent box before their data is sent"),
        required=False,
        template_name="partner_space/fields/checkbox.html",
    )

    def __init__(self, *args, sandbox: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.sandbox = sandbox

    def clean_redirect_uris(self):
        return uris_parse(self.cleaned_data["redirect_uris"], sandbox=self.sandbox, required=True)

    def clean_post_logout_redirect_uris(self):
        return uris_parse(
            self.cleaned_data["post_logout_redirect_uris"], sandbox=self.sandbox, required=False
        )

    def clean_scopes(self):
        chosen = set(self.cleaned_data["scopes"]) | {"openid"}
        return tuple(scope for scope in SUPPORTED_SCOPES if scope in chosen)

    def configuration(self, *, environment: str) -> SiteConfiguration:
        data = self.cleaned_data
        return SiteConfiguration(
            name=data["name"].strip(),
            site_url=data["site_url"],
            contact_email=data["contact_email"].strip().lower(),
            redirect_uris=tuple(data["redirect_uris"]),
            post_logout_redirect_uris=tuple(data["post_logout_redirect_uris"]),
            scopes=data["scopes"],
            algorithm=data["algorithm"],
            eidas_level=data["eidas_level"],
            consent_required=data["consent_required"],
            environment=environment,
        )

    @staticmethod
    def initial_of(configuration: SiteConfiguration) -> dict:
        return {
            "name": configuration.name,
            "site_url": configuration.site_url,
            "contact_email": configuration.contact_email,
            "redirect_uris": "\n".join(configuration.redirect_uris),
            "post_logout_redirect_uris": "\n".join(configuration.post_logout_redirect_uris),
            "scopes": list(configuration.scopes),
            "algorithm": configuration.algorithm,
            "eidas_level": configuration.eidas_level,
            "consent_required": configuration.consent_required,
        }


REASON_PREFIX = "reason_"


class ProductionRequestForm(SiteForm):
    """The production configuration (https addresses only) and, for each scope it asks that the
    production site does not have yet, why the procedure needs it (as DataPass asks)."""

    def __init__(self, *args, live: SiteConfiguration | None, **kwargs):
        super().__init__(*args, sandbox=False, **kwargs)
        self.live = live
        already = set(live.scopes) if live is not None else set()
        for scope in SUPPORTED_SCOPES:
            if scope == "openid" or scope in already:
                continue
            self.fields[REASON_PREFIX + scope] = forms.CharField(
                label=_("Why does the procedure need « %(scope)s »? (if you ask for it)") % {"scope": scope},
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self):
        cleaned = super().clean()
        for scope in cleaned.get("scopes") or ():
            field = REASON_PREFIX + scope
            if field in self.fields and not (cleaned.get(field) or "").strip():
                self.add_error(
                    field,
                    _("Explain why the procedure needs « %(scope)s », or untick it.") % {"scope": scope},
                )
        return cleaned

    def scope_reasons(self) -> dict[str, str]:
        scopes = self.cleaned_data.get("scopes") or ()
        return {
            scope: self.cleaned_data[REASON_PREFIX + scope].strip()
            for scope in scopes
            if REASON_PREFIX + scope in self.fields
        }

    def reason_fields(self):
        return [self[name] for name in self.fields if name.startswith(REASON_PREFIX)]

    def configuration_fields(self):
        return [self[name] for name in self.fields if not name.startswith(REASON_PREFIX)]
