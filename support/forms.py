from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from support.models import Ticket

REFERENCE = RegexValidator(r"^FC-[A-Z0-9-]{4,16}$", _("A connection reference looks like FC-AB12CD34EF."))


class ContactForm(DsfrBaseForm):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("Your e-mail address"), max_length=254, help_text=_("We answer at this address.")
    )
    category = forms.ChoiceField(
        label=_("Your request is about"), choices=[("", "—"), *Ticket.Category.choices]
    )
    connection_reference = forms.CharField(
        label=_("Connection reference (optional)"),
        max_length=20,
        required=False,
        validators=[REFERENCE],
        help_text=_("Given in the security e-mail, for example FC-AB12CD34EF."),
    )
    message = forms.CharField(
        label=_("Your message"), min_length=10, max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    # A field people never see: software that fills every field fills it too.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("This form was filled in automatically."))
        return ""

    def clean_connection_reference(self):
        return self.cleaned_data["connection_reference"].strip().upper()
