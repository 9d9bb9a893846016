"""Writes of the partner space, by subject (accounts, organisations, sites), re-exported here."""

from partner_space.services.accounts import (  # noqa: F401
    invited_person_create,
    password_reset_link_person,
    password_reset_request,
    person_authenticate,
    person_email_verify,
    person_logged_in,
    person_password_set,
    person_sign_up,
    person_verification_resend,
    second_factor_confirm,
    second_factor_device,
    second_factor_enrol_start,
    second_factor_pending,
    second_factor_remove,
    verification_link_person,
)
from partner_space.services.members import (  # noqa: F401
    invitation_cancel,
    membership_remove,
    membership_role_change,
)
from partner_space.services.organisations import (  # noqa: F401
    invitation_accept,
    invitation_of_link,
    invitation_send,
    organisation_create,
)
from partner_space.services.production import (  # noqa: F401
    production_request_approve,
    production_request_create,
    production_request_reject,
    production_site_of,
)
from partner_space.services.sites import (  # noqa: F401
    secret_was_shown,
    site_configure,
    site_previous_secret_end,
    site_sandbox_create,
    site_secret_renew,
)
