from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from service_catalog.models import Category, Service
from service_catalog.territories import territory_choices

MAX_PAGE_SIZE = 100


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return obj.display_name


class CatalogueQueryForm(DsfrBaseForm):
    """Search and filters of the catalogue, shared by the pages and the JSON API."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    category = CategoryChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All"),
    )
    audience = forms.ChoiceField(
        label=_("For"), choices=[("", _("Everyone")), *Service.Audience.choices], required=False
    )
    territory = forms.ChoiceField(
        label=_("Where you live"),
        # A callable: evaluated for each form, in the language of its request.
        choices=lambda: [("", _("Anywhere in France")), *territory_choices()],
        required=False,
    )
    page = forms.IntegerField(label=_("Page"), min_value=1, max_value=100_000, required=False)
    page_size = forms.IntegerField(
        label=_("Results per page"), min_value=1, max_value=MAX_PAGE_SIZE, required=False
    )
