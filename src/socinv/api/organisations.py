"""Organisations, their boards and stakeholders: for users with any role there."""

from __future__ import annotations

from ninja import Path, Router

from socinv.accounts.access import object_for
from socinv.accounts.permissions import roles_of
from socinv.organisation.models import Organisation

from .schemas import MAX_ID, BoardOut, ErrorOut, ErrorsOut, OrganisationOut, StakeholderOut

router = Router(tags=["organisations"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorsOut}


@router.get("", response={200: list[OrganisationOut], 401: ErrorOut})
def list_organisations(request):
    """The organisations where you hold a role."""
    held = roles_of(request.auth)
    return [
        {
            "id": o.pk,
            "name": o.name,
            "kind": o.kind,
            "org_number": o.org_number,
            "roles": sorted(held[o.pk]),
        }
        for o in Organisation.objects.filter(pk__in=list(held))
    ]


@router.get("/{organisation_id}/boards", response={200: list[BoardOut], **ERRORS})
def list_boards(request, organisation_id: int = Path(..., ge=1, le=MAX_ID)):
    org = object_for(request.auth, Organisation.objects.all(), organisation_id)
    return list(org.boards.order_by("name"))


@router.get("/{organisation_id}/stakeholders", response={200: list[StakeholderOut], **ERRORS})
def list_stakeholders(request, organisation_id: int = Path(..., ge=1, le=MAX_ID)):
    org = object_for(request.auth, Organisation.objects.all(), organisation_id)
    return list(org.stakeholders.order_by("key"))
