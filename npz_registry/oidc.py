"""Login through the Flemish government's ACM/IDM with OpenID Connect (mozilla-django-oidc).

Off unless OIDC_ENABLED (README "Login with ACM/IDM"). ACM/IDM sends the rights a user holds in
our application as "3D roles" in one claim (OIDC_ROLES_CLAIM), each value
``<role>[-<context>]:<organisation code>``. `rights_from_claims` is the one place that reads them.
"""

import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from networks.models import Network
from networks.services.people import person_for_user, person_update, user_set_roles
from npz_registry.auth import RequestFactsMixin

logger = logging.getLogger("npz_registry.security")

ROLE_VALUE = re.compile(r"^(?P<role>[^-:]+)(?:-(?P<context>[^:]*))?(?::(?P<organisation>.*))?$")


@dataclass(frozen=True)
class Rights:
    """What the claims give: department staff or not, and the networks coordinated (by code)."""

    is_staff: bool = False
    network_codes: frozenset[str] = field(default_factory=frozenset)
    ignored: tuple[str, ...] = ()


def rights_from_claims(claims: dict) -> Rights:
    """Map ACM/IDM claims to our groups and network roles.

    - ``<OIDC_STAFF_ROLE>:<organisation>`` makes the user department staff (the group
      "Departement Zorg" and the back office). When OIDC_STAFF_ORGANISATION is set (the
      department's OVO code), only that organisation counts.
    - ``<OIDC_COORDINATOR_ROLE>-<network code>:<organisation>`` makes the user coordinator of the
      network with that code; ``<OIDC_COORDINATOR_ROLE>:<enterprise number>`` (no context) of the
      network with that enterprise number (KBO), dots and spaces ignored.
    - Anything else, and networks we do not know, is ignored (and reported in ``ignored``).
    """
    values = claims.get(settings.OIDC_ROLES_CLAIM) or []
    if isinstance(values, str):
        values = [part for part in re.split(r"[,\s]+", values) if part]
    is_staff, codes, enterprise_numbers, ignored = False, set(), set(), []
    for value in values:
        match = ROLE_VALUE.match(str(value).strip())
        role, context, organisation = match.group("role", "context", "organisation") if match else ("",) * 3
        organisation = organisation or ""
        if role == settings.OIDC_STAFF_ROLE and (
            not settings.OIDC_STAFF_ORGANISATION or organisation == settings.OIDC_STAFF_ORGANISATION
        ):
            is_staff = True
        elif role == settings.OIDC_COORDINATOR_ROLE and context:
            codes.add(context)
        elif role == settings.OIDC_COORDINATOR_ROLE and re.sub(r"[.\s]", "", organisation).isdigit():
            enterprise_numbers.add(re.sub(r"[.\s]", "", organisation))
        else:
            ignored.append(str(value))
    if enterprise_numbers:
        codes |= set(
            Network.objects.filter(enterprise_number__in=enterprise_numbers).values_list("code", flat=True)
        )
    known = set(Network.objects.filter(code__in=codes).values_list("code", flat=True))
    ignored += sorted(codes - known)
    return Rights(is_staff=is_staff, network_codes=frozenset(known), ignored=tuple(ignored))


def username_for(claims: dict) -> str:
    """Accounts made by ACM/IDM are keyed on the subject (ACM's stable person id), never on the
    e-mail address, which a person can change."""
    return "acm-" + re.sub(r"[^\w.@+-]", "_", str(claims["sub"]))[:140]


class AcmIdmBackend(RequestFactsMixin, OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, matched on the subject, with our rights and person."""

    def get_userinfo(self, access_token, id_token, payload):
        # ACM/IDM puts the claims of the granted scopes in the ID token; the user info adds to it.
        return {**payload, **super().get_userinfo(access_token, id_token, payload)}

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(username=username_for(claims))

    def create_user(self, claims):
        user = self.UserModel.objects.create_user(username_for(claims))  # no usable password
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        person_update(
            person=person_for_user(user),
            first_name=claims.get("given_name", ""),
            last_name=claims.get("family_name", ""),
            email=claims.get("email", ""),
        )
        rights = rights_from_claims(claims)
        user_set_roles(
            user=user,
            is_staff=rights.is_staff,
            networks=list(Network.objects.filter(code__in=rights.network_codes)),
        )
        logger.info(
            "ACM/IDM login of %s: staff=%s networks=%s ignored=%s",
            user.get_username(),
            rights.is_staff,
            sorted(rights.network_codes),
            list(rights.ignored),
        )
        return user


class _OnlyWhenEnabled:
    """The OpenID Connect pages answer 404 unless OIDC_ENABLED."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class LoginView(_OnlyWhenEnabled, OIDCAuthenticationRequestView):
    def __init__(self, *args, **kwargs):
        if settings.OIDC_ENABLED:  # the parent reads the provider's settings here
            super().__init__(*args, **kwargs)


class CallbackView(_OnlyWhenEnabled, OIDCAuthenticationCallbackView):
    def login_failure(self):
        messages.error(self.request, _("Logging in through ACM/IDM did not succeed. Try again."))
        return super().login_failure()


login = login_not_required(LoginView.as_view())
callback = login_not_required(CallbackView.as_view())
