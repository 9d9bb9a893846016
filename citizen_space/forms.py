"""The space's forms: the citizen's choice of identity providers, and the report to support.

Every error names its field with the label's own words (the error summary lists them)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from franceconnect.infrastructure.form_errors import ErrorSummaryMixin
from support.forms import MESSAGE_MAX_LENGTH, ContactDetailsForm

FUTURE_ALLOW, FUTURE_BLOCK = "allow", "block"


class ProvidersForm(ErrorSummaryMixin, DsfrBaseForm):
    """One checkbox per identity provider (checked: it may be used), and the rule for those
    added later. Blocking the provider of the current login needs ``confirm_current``."""

    future = forms.ChoiceField(
        label=_("Identity providers added later"),
        choices=[
            (FUTURE_ALLOW, _("Allow them: I can use them as soon as they are added")),
            (FUTURE_BLOCK, _("Block them until I allow them here")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happens to identity providers added later.")},
    )
    confirm_current = forms.BooleanField(required=False)

    def __init__(self, *args, choices, current_provider_id: int, current_provider_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_provider_id = current_provider_id
        self.provider_fields = []
        for choice in choices:
            name = f"provider_{choice.id}"
            self.fields[name] = forms.BooleanField(label=choice.name, required=False, initial=choice.allowed)
            self.provider_fields.append(name)
        self.fields["confirm_current"].label = _(
            "I confirm that I want to block %(provider)s, the account I am logged in with now"
        ) % {"provider": current_provider_name}

    def clean(self):
        cleaned = super().clean()
        if not self.allowed_ids():
            self.add_error(
                None, _("Keep at least one identity provider allowed, or you could not log in any more.")
            )
        elif self.blocks_current() and not cleaned.get("confirm_current"):
            self.add_error(
                "confirm_current",
                _("Tick the box to confirm that you want to block the account you are logged in with."),
            )
        return cleaned

    def allowed_ids(self) -> set[int]:
        return {
            int(name.removeprefix("provider_"))
            for name in self.provider_fields
            if self.cleaned_data.get(name)
        }

    def blocks_current(self) -> bool:
        field = f"provider_{self.current_provider_id}"
        return field in self.fields and not self.cleaned_data.get(field)

    def future_allowed(self) -> bool:
        return self.cleaned_data["future"] == FUTURE_ALLOW


class ReportTicketForm(ContactDetailsForm):
    message = forms.CharField(
        label=_("What happened? (optional)"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": _("Your message must be %(limit_value)d characters or fewer.")},
    )
