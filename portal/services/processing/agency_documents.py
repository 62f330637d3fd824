"""Documents from the agency to the municipality (issue 17, point 5).

Agency staff attach e-tickets, decision letters and other files to a request; a rejection
produces the Danish decision letter ("Afgørelse") by itself. The municipality sees them on
its case page and its caseworkers are told by e-mail (the rejection's own status mail covers
the decision letter); DRC does not (AttachmentKind.visible_to_drc). Files pass the same checks as
the municipality's uploads (uploads.store: type, content, size) and every upload is audited.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from portal import pdf
from portal.extensions import db
from portal.models import Attachment, AttachmentKind, Role
from portal.pdf import data as form_data
from portal.services.filing import documents, uploads
from portal.services.filing.steps import travellers
from portal.services.processing import notifications

AGENCY_KINDS = tuple(kind for kind in AttachmentKind if kind.from_agency)


def upload(req, actor, kind: AttachmentKind, filename: str | None, data: bytes) -> Attachment:
    """An agency file for the municipality; raises uploads.UploadError with the reason."""
    if actor.role is not Role.AGENCY or not kind.from_agency:
        raise uploads.UploadError(_("Only agency staff can attach documents for the "
                                    "municipality."))
    attachment = uploads.store(case=req.case, request_obj=req, kind=kind, filename=filename,
                               data=data, user=actor)
    notifications.document_mail(req, attachment)
    return attachment


def for_request(req) -> list[Attachment]:
    """The agency's documents on one request, oldest first (metadata only)."""
    return list(db.session.scalars(select(Attachment).where(
        Attachment.request_id == req.id, Attachment.kind.in_(AGENCY_KINDS))
        .order_by(Attachment.uploaded_at, Attachment.id)))


def decision_data(req, event) -> form_data.DecisionData:
    """The letter's content: the request, the rejection's date and reason, who decided."""
    return form_data.DecisionData(
        case=documents.case_data(req), request_kind=req.kind.value,
        request_kind_label=str(req.kind.label),
        submitted_on=req.submitted_at.date() if req.submitted_at else None,
        decided_on=event.created_at.date(), reason=event.note,
        persons=tuple(rp.person.full_name for rp in travellers(req)),
        decided_by=event.actor.name if event.actor else "")


def store_decision_letter(req, event, actor) -> Attachment:
    """Render the rejection's decision letter in Danish and keep it with the request."""
    with force_locale(documents.FORM_LOCALE):
        data = pdf.render_decision_letter(decision_data(req, event), documents.formatter())
    name = f"{req.case.reference}-{documents.FILE_WORDS['decision_letter']}.pdf"
    return uploads.save(case=req.case, request_obj=req, kind=AttachmentKind.DECISION_LETTER,
                        filename=name, data=data, content_type="application/pdf", user=actor)
