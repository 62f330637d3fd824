"""The customs document (toddokument) of each cash declaration, ticked off by the agency when
it arrives; the municipality sees the day. The booking's customs-deadline check reads it."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from portal.models import CustomsDocument, Request
from portal.services.accounts import audit
from portal.services.processing.actions import ProcessingError, require_agency


def record_document(req: Request, actor, *, declaration_id: int,
                    received_on: date | None) -> None:
    """Received on that day, or (None) not received after all; audited either way."""
    require_agency(actor)
    declaration = next((d for d in req.cash_declarations if d.id == declaration_id), None)
    if declaration is None:
        raise ProcessingError(_("This cash declaration is not part of the request."))
    if received_on is not None and received_on > date.today():
        raise ProcessingError(_("The customs document cannot be received in the future."))
    if received_on is None:
        declaration.customs_document = None
    elif declaration.customs_document is None:
        declaration.customs_document = CustomsDocument(received_on=received_on,
                                                       recorded_by_id=actor.id)
    else:
        declaration.customs_document.received_on = received_on
        declaration.customs_document.recorded_by_id = actor.id
    audit.record("customs_document", request_obj=req, user=actor,
                 detail=f"declaration={declaration_id} "
                        f"received_on={received_on.isoformat() if received_on else '-'}")
