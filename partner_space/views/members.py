"""An organisation's administrators manage its members and invitations from the members page:
change a role, remove a member, cancel an invitation; anyone may leave an organisation. Removing
and cancelling ask for confirmation first (a page that says what will happen, then a POST).

A person who is not a member of the organisation, or an id of another organisation, gets 404; a
member whose role does not allow the change gets 403.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from partner_space import selectors, services
from partner_space.models import Invitation, Membership, Role
from partner_space.views.common import not_found, page, partner_required


def _forbidden(request):
    return page(request, "forbidden.html", {"section": "home"}, status=403)


def _own_membership(person, organisation_id: int) -> Membership:
    membership = selectors.membership_in(person, organisation_id)
    if membership is None:
        not_found()
    return membership


def _member(organisation_id: int, membership_id: int) -> Membership:
    member = (
        Membership.objects.select_related("person__user", "organisation")
        .filter(pk=membership_id, organisation_id=organisation_id)
        .first()
    )
    if member is None:
        not_found()
    return member


def _refused(request, organisation_id: int, error: ValidationError):
    messages.error(request, " ".join(error.messages))
    return redirect("partner_members", organisation_id=organisation_id)


@never_cache
@require_POST
@partner_required
def member_role(request, person, organisation_id: int, membership_id: int):
    own = _own_membership(person, organisation_id)
    member = _member(organisation_id, membership_id)
    if not selectors.may(own, selectors.INVITE):
        return _forbidden(request)
    role = request.POST.get("role", "")
    if role not in Role.values:
        return _refused(request, organisation_id, ValidationError(_("Choose a role.")))
    try:
        services.membership_role_change(membership=member, role=role, actor=person)
    except ValidationError as error:
        return _refused(request, organisation_id, error)
    messages.success(
        request,
        _("%(name)s is now %(role)s. They receive an e-mail about it.")
        % {"name": member.person.full_name or member.person.email, "role": Role(role).label},
    )
    return redirect("partner_members", organisation_id=organisation_id)


@never_cache
@require_http_methods(["GET", "POST"])
@partner_required
def member_remove(request, person, organisation_id: int, membership_id: int):
    """Removing a member (administrators), or leaving (``membership_id`` is one's own)."""
    own = _own_membership(person, organisation_id)
    member = _member(organisation_id, membership_id)
    leaving = member.pk == own.pk
    if not leaving and not selectors.may(own, selectors.INVITE):
        return _forbidden(request)
    context = {"organisation": own.organisation, "member": member, "leaving": leaving, "section": "home"}
    if request.method == "POST":
        try:
            services.membership_remove(membership=member, actor=person)
        except ValidationError as error:
            return _refused(request, organisation_id, error)
        if leaving:
            messages.success(request, _("You left %(name)s.") % {"name": own.organisation.name})
            return redirect("partner_home")
        messages.success(
            request,
            _("%(name)s is no longer a member. They receive an e-mail about it.")
            % {"name": member.person.full_name or member.person.email},
        )
        return redirect("partner_members", organisation_id=organisation_id)
    return page(request, "member_remove.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@partner_required
def invitation_cancel(request, person, organisation_id: int, invitation_id: int):
    own = _own_membership(person, organisation_id)
    invitation = Invitation.objects.filter(
        pk=invitation_id, organisation_id=organisation_id, accepted_at__isnull=True
    ).first()
    if invitation is None:
        not_found()
    if not selectors.may(own, selectors.INVITE):
        return _forbidden(request)
    if request.method == "POST":
        if services.invitation_cancel(invitation=invitation, actor=person):
            messages.success(
                request,
                _("The invitation of %(email)s is cancelled: its link no longer works.")
                % {"email": invitation.email},
            )
        return redirect("partner_members", organisation_id=organisation_id)
    context = {"organisation": own.organisation, "invitation": invitation, "section": "home"}
    return page(request, "invitation_cancel.html", context)
