from django.core.paginator import EmptyPage, Paginator
from django.db.models import Q, QuerySet

from service_catalog.models import Service, ServiceTerritory
from service_catalog.search import services_search
from service_catalog.territories import codes_covering

DEFAULT_PAGE_SIZE = 20


class PageOutOfRange(Exception):
    pass


def services_filtered(
    *, q: str = "", category=None, audience: str = "", territory: str = ""
) -> QuerySet[Service]:
    services = Service.objects.filter(is_active=True)
    if category is not None:
        services = services.filter(category=category)
    if audience == Service.Audience.INDIVIDUALS:
        services = services.filter(for_individuals=True)
    elif audience == Service.Audience.PROFESSIONALS:
        services = services.filter(for_professionals=True)
    if territory:
        covering = ServiceTerritory.objects.filter(code__in=codes_covering(territory)).values("service_id")
        services = services.filter(Q(is_national=True) | Q(pk__in=covering))
    services = services_search(services, q) if q.strip() else services.order_by("name")
    return services.select_related("category").prefetch_related("territories")


def services_page(services: QuerySet[Service], *, page: int | None, page_size: int | None):
    """One page of results; a page past the end raises PageOutOfRange (a clear 404, never a 500)."""
    paginator = Paginator(services, page_size or DEFAULT_PAGE_SIZE)
    try:
        return paginator.page(page or 1)
    except EmptyPage as error:
        raise PageOutOfRange(str(error)) from error
