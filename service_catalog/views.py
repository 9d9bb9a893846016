"""« nos-services »: the catalogue's pages (work without JavaScript) and its read-only JSON API."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from service_catalog.forms import CatalogueQueryForm
from service_catalog.models import Category, Service
from service_catalog.openapi import openapi_document
from service_catalog.selectors import PageOutOfRange, services_filtered, services_page


def _filtered(form: CatalogueQueryForm):
    data = form.cleaned_data
    return services_filtered(
        q=data["q"], category=data["category"], audience=data["audience"], territory=data["territory"]
    )


@require_GET
def service_list(request):
    form = CatalogueQueryForm(request.GET)
    # After a search (or a change of page) the results take the focus: a screen reader reads how
    # many there are, and a phone shows them instead of the form it has just sent.
    context = {"form": form, "searched": any(request.GET.values())}
    status = 200
    if form.is_valid():
        try:
            page = services_page(
                _filtered(form), page=form.cleaned_data["page"], page_size=form.cleaned_data["page_size"]
            )
        except PageOutOfRange:
            context["page_error"] = True
            status = 404
        else:
            query = {key: value for key, value in request.GET.items() if key != "page" and value}
            context.update(page=page, query_prefix="?" + urlencode({**query, "page": ""}))
            if not page.object_list:
                context.update(_without_results_help(form, query))
    else:
        status = 400
    return render(request, "service_catalog/list.html", context, status=status)


def _without_results_help(form: CatalogueQueryForm, query: dict[str, str]) -> dict:
    """What the no-result page offers: the same words without the filters, when some were chosen."""
    filters = [name for name in ("category", "audience", "territory") if query.get(name)]
    words = form.cleaned_data["q"].strip()
    return {
        "filters_used": filters,
        "without_filters_url": "?" + urlencode({"q": words}) if filters and words else "",
    }


@require_GET
def service_detail(request, slug):
    service = get_object_or_404(
        Service.objects.select_related("category").prefetch_related("territories"), slug=slug, is_active=True
    )
    return render(request, "service_catalog/detail.html", {"service": service})


# --- JSON API ------------------------------------------------------------------------------------


def service_json(request, service: Service) -> dict:
    audience = [
        value
        for value, wanted in (
            ("particuliers", service.for_individuals),
            ("professionnels", service.for_professionals),
        )
        if wanted
    ]
    return {
        "slug": service.slug,
        "name": service.name,
        "description": service.description,
        "organisation": service.organisation,
        "url": service.url,
        "category": {"slug": service.category.slug, "name": service.category.name},
        "audience": audience,
        "territory": "national" if service.is_national else service.territory_codes,
        "eidas_level": service.eidas_level,
        "updated_at": service.updated_at.isoformat(),
        "detail": request.build_absolute_uri(reverse("catalogue_api_service", args=[service.slug])),
    }


def _api_error(status: int, errors: dict) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status)


@require_GET
@cache_control(public=True, max_age=60)
def api_services(request):
    form = CatalogueQueryForm(request.GET)
    if not form.is_valid():
        return _api_error(
            400, {field: [str(error) for error in errors] for field, errors in form.errors.items()}
        )
    try:
        page = services_page(
            _filtered(form), page=form.cleaned_data["page"], page_size=form.cleaned_data["page_size"]
        )
    except PageOutOfRange:
        return _api_error(404, {"page": ["This page does not exist."]})

    def link(number):
        return request.build_absolute_uri("?" + urlencode({**request.GET.dict(), "page": number}))

    return JsonResponse(
        {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "page_size": page.paginator.per_page,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": [service_json(request, service) for service in page.object_list],
        }
    )


@require_GET
@cache_control(public=True, max_age=60)
def api_service(request, slug):
    service = (
        Service.objects.select_related("category")
        .prefetch_related("territories")
        .filter(slug=slug, is_active=True)
        .first()
    )
    if service is None:
        return _api_error(404, {"slug": ["No such service."]})
    return JsonResponse(service_json(request, service))


@require_GET
@cache_control(public=True, max_age=300)
def api_categories(request):
    return JsonResponse(
        {"results": [{"slug": category.slug, "name": category.name} for category in Category.objects.all()]}
    )


@require_GET
@cache_control(public=True, max_age=300)
def api_openapi(request):
    return JsonResponse(
        openapi_document(
            request.build_absolute_uri(reverse("catalogue_api_services")).rsplit("/services", 1)[0]
        )
    )
