"""The contact form. Every error names its field with the label's own words, so that a person
reading the error summary at the top knows which field it means."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from franceconnect.infrastructure.form_errors import ErrorSummaryMixin
from franceconnect.infrastructure.references import (
    CONNECTION_EXAMPLE,
    TICKET_PREFIX,
    is_connection_reference,
    reference_normalize,
)
from support.models import Ticket

NAME_MAX_LENGTH = 150
MESSAGE_MIN_LENGTH = 10
MESSAGE_MAX_LENGTH = 5000


def _with_example(message) -> str:
    """The message in the language of the request that shows it, with the reference example."""
    return lazy(lambda: str(message) % {"example": CONNECTION_EXAMPLE}, str)()


WRONG_REFERENCE = _(
    "Enter the login reference exactly as it appears in the security e-mail, for example %(example)s."
)


class ContactDetailsForm(ErrorSummaryMixin, DsfrBaseForm):
    """Who writes to support and where to reply: the contact form's first fields, and the
    « ce n'était pas moi » report's (citizen_space/forms.py)."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX_LENGTH,
        error_messages={
            "required": _("Enter your name."),
            "max_length": _("Your name must be %(limit_value)d characters or fewer. It has %(show_value)d."),
        },
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We will reply to this address."),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter your e-mail address in the correct format, like name@example.com."),
            "max_length": _("Your e-mail address must be %(limit_value)d characters or fewer."),
        },
    )


class ContactForm(ContactDetailsForm):
    category = forms.ChoiceField(
        label=_("What is your request about?"),
        choices=[("", "—"), *Ticket.Category.choices],
        error_messages={
            "required": _("Select what your request is about."),
            "invalid_choice": _("Select what your request is about."),
        },
    )
    connection_reference = forms.CharField(
        label=_("Login reference (optional)"),
        max_length=20,
        required=False,
        help_text=_with_example(_("You can find it in the security e-mail, for example %(example)s.")),
        error_messages={"max_length": _with_example(WRONG_REFERENCE)},
    )
    message = forms.CharField(
        label=_("Your message"),
        min_length=MESSAGE_MIN_LENGTH,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Enter your message."),
            "min_length": _(
                "Your message must be %(limit_value)d characters or more. It has %(show_value)d."
            ),
            "max_length": _(
                "Your message must be %(limit_value)d characters or fewer. It has %(show_value)d."
            ),
        },
    )
    # A field people never see: software that fills every field fills it too.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("This form looks like it was filled in automatically."))
        return ""

    def clean_connection_reference(self):
        reference = reference_normalize(self.cleaned_data["connection_reference"])
        if not reference or is_connection_reference(reference):
            return reference
        if reference.startswith(f"{TICKET_PREFIX}-"):
            raise forms.ValidationError(
                _(
                    "%(reference)s is the reference of a support request. The login "
                    "reference is in the security e-mail, for example %(example)s."
                ),
                params={"reference": reference, "example": CONNECTION_EXAMPLE},
            )
        raise forms.ValidationError(WRONG_REFERENCE, params={"example": CONNECTION_EXAMPLE})
