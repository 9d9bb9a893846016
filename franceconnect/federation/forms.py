from django import forms
from django.utils.translation import gettext_lazy as _


class ConfirmationForm(forms.Form):
    """The confirmation screen: continue to the site (with consent if it asks for it), or cancel.

    It names the single sign-on whose identity it displayed: if another person logged in since
    (another tab of a shared computer), posting it releases nothing.
    """

    single_sign_on = forms.CharField(widget=forms.HiddenInput, max_length=64)
    consent = forms.BooleanField(
        label=_("I agree to this information being sent to the site."),
        required=False,
    )

    def __init__(self, *args, consent_required: bool, single_sign_on: str, **kwargs):
        super().__init__(*args, initial={"single_sign_on": single_sign_on}, **kwargs)
        self.displayed_single_sign_on = single_sign_on
        if not consent_required:
            del self.fields["consent"]
        else:
            self.fields["consent"].error_messages["required"] = _("Tick the box to continue.")
            self.fields["consent"].required = True

    def releases_what_it_displayed(self) -> bool:
        return self.cleaned_data["single_sign_on"] == self.displayed_single_sign_on
