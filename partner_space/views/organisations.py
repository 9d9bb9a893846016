"""The space's home (the person's organisations and their sites), creating an organisation, its
members and invitations, and the invitation link."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from partner_space import selectors, services, session
from partner_space.forms import InvitationForm, InvitedSignUpForm, OrganisationForm
from partner_space.models import PartnerPerson, Role
from partner_space.views.accounts import _open
from partner_space.views.common import form_page, not_found, page, partner_required


@never_cache
@require_GET
@partner_required
def home(request, person):
    memberships = selectors.memberships_of(person)
    sites = selectors.sites_of([membership.organisation_id for membership in memberships])
    organisations = [
        {
            "membership": membership,
            "sites": [site for site in sites if site.organisation_id == membership.organisation_id],
            "may_configure": selectors.may(membership, selectors.CONFIGURE),
            "may_invite": selectors.may(membership, selectors.INVITE),
        }
        for membership in memberships
    ]
    return page(request, "home.html", {"person": person, "organisations": organisations, "section": "home"})


@never_cache
@require_http_methods(["GET", "POST"])
@partner_required
def organisation_new(request, person):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(
            person=person, name=form.cleaned_data["name"], siret=form.cleaned_data["siret"]
        )
        messages.success(
            request, _("%(name)s is created. You are its administrator.") % {"name": organisation.name}
        )
        return redirect("partner_home")
    return form_page(request, "organisation_new.html", {"form": form, "section": "home"})


@never_cache
@require_http_methods(["GET", "POST"])
@partner_required
def members(request, person, organisation_id: int):
    membership = selectors.membership_in(person, organisation_id)
    if membership is None:
        not_found()
    may_invite = selectors.may(membership, selectors.INVITE)
    form = InvitationForm(request.POST or None) if may_invite else None
    if request.method == "POST":
        if not may_invite:
            return page(request, "forbidden.html", {"section": "home"}, status=403)
        if form.is_valid():
            try:
                services.invitation_send(
                    organisation=membership.organisation,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    invited_by=person,
                    language=(get_language() or "fr")[:2],
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(
                    request, _("The invitation is sent to %(email)s.") % {"email": form.cleaned_data["email"]}
                )
                return redirect("partner_members", organisation_id=organisation_id)
    context = {
        "membership": membership,
        "organisation": membership.organisation,
        "members": selectors.members_of(organisation_id),
        "invitations": selectors.invitations_pending(organisation_id) if may_invite else [],
        "may_manage": may_invite,
        "roles": Role.choices,
        "events": selectors.events_of(organisation_id),
        "form": form,
        "section": "home",
    }
    return form_page(request, "members.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request, token: str):
    """The invitation's link: join with the signed-in account of that address, log in first, or
    create the account (the link proves the address). Once only."""
    invitation = services.invitation_of_link(token)
    if invitation is None:
        return page(request, "link_invalid.html", {"purpose": "invitation"}, status=404)
    partner = session.partner_current(request)
    existing = PartnerPerson.objects.select_related("user").filter(email=invitation.email).first()
    context = {"invitation": invitation, "organisation": invitation.organisation}
    if existing is not None:
        if partner is None or partner.person_id != existing.pk:
            context["other_account"] = partner is not None
            return page(request, "invitation_log_in.html", context)
        if request.method == "POST":
            return _accepted(request, invitation, existing)
        return page(request, "invitation.html", context)
    form = InvitedSignUpForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            person = services.invited_person_create(
                email=invitation.email,
                password=form.cleaned_data["password"],
                given_name=form.cleaned_data["given_name"].strip(),
                family_name=form.cleaned_data["family_name"].strip(),
                language=(get_language() or "fr")[:2],
            )
            if services.invitation_accept(invitation=invitation, person=person) is None:
                transaction.set_rollback(True)
                return page(request, "link_invalid.html", {"purpose": "invitation"}, status=404)
        messages.success(request, _("You joined %(name)s.") % {"name": invitation.organisation.name})
        return _open(request, person, "")
    context["form"] = form
    return form_page(request, "invitation_sign_up.html", context)


def _accepted(request, invitation, person):
    if services.invitation_accept(invitation=invitation, person=person) is None:
        return page(request, "link_invalid.html", {"purpose": "invitation"}, status=404)
    messages.success(request, _("You joined %(name)s.") % {"name": invitation.organisation.name})
    return redirect("partner_home")
