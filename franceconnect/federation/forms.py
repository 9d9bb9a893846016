from django import forms
from django.utils.translation import gettext_lazy as _


class ConfirmationForm(forms.Form):
    """The confirmation screen: continue to the site (with consent if it asks for it), or cancel."""

    consent = forms.BooleanField(
        label=_("I agree to the transmission of this information to the site."),
        required=False,
    )

    def __init__(self, *args, consent_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent_required = consent_required
        if not consent_required:
            del self.fields["consent"]
        else:
            self.fields["consent"].error_messages["required"] = _("Tick the box to continue.")
            self.fields["consent"].required = True
