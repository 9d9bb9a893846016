"""Partner people, organisations and sites, and a browser logged in to the partner space."""

import re

import pytest
from django.utils import timezone

from notifications.models import Notification
from partner_space.models import Membership, Organisation, PartnerPerson, Role
from partner_space.services import organisation_create

PASSWORD = "Un-mot-de-passe-solide-42"


def person_make(email: str = "dev@partenaire.example", *, verified: bool = True) -> PartnerPerson:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create(
        username=f"partner-{email}", email=email, first_name="Camille", last_name="Durand"
    )
    user.set_password(PASSWORD)
    user.save()
    return PartnerPerson.objects.create(
        user=user, email=email, email_verified_at=timezone.now() if verified else None
    )


def log_in(client, person: PartnerPerson, password: str = PASSWORD):
    return client.post("/partenaires/connexion/", {"email": person.email, "password": password})


def member_add(organisation: Organisation, person: PartnerPerson, role: str) -> Membership:
    return Membership.objects.create(organisation=organisation, person=person, role=role)


def link_in(notification: Notification, key: str) -> str:
    """The path of the link an e-mail carries (its host is PUBLIC_BASE_URL)."""
    return re.sub(r"^https?://[^/]+", "", notification.context[key])


@pytest.fixture
def person(db):
    return person_make()


@pytest.fixture
def organisation(person):
    return organisation_create(person=person, name="Direction du numérique", siret="13002526500013")


@pytest.fixture
def logged_in(client, person):
    response = log_in(client, person)
    assert response.status_code == 302, response.content[:300]
    return client


SITE_FORM = {
    "name": "Mon service en ligne",
    "site_url": "https://service.example",
    "contact_email": "dev@partenaire.example",
    "redirect_uris": "https://service.example/callback\nhttp://localhost:8080/callback",
    "post_logout_redirect_uris": "https://service.example/logout",
    "scopes": ["openid", "identite_pivot", "email"],
    "algorithm": "ES256",
    "eidas_level": "eidas1",
}


@pytest.fixture
def sandbox_site(logged_in, organisation):
    response = logged_in.post(f"/partenaires/organisations/{organisation.pk}/sites/nouveau/", SITE_FORM)
    assert response.status_code == 302, response.content[:2000]
    from franceconnect.federation.models import ServiceProvider

    return ServiceProvider.objects.get(organisation=organisation)


ROLES = Role
