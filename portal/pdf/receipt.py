"""The receipt for a submission: every person and every document in it, with the time."""

from __future__ import annotations

from portal.rules import N_

from .blocks import Column, Form, list_table, municipality_text
from .data import Formatter, ReceiptData

TITLE = N_("Receipt for submission")


def render_receipt(data: ReceiptData, fmt: Formatter) -> bytes:
    """Render the receipt the municipality keeps for its own records."""
    case = data.case
    form = Form(fmt, TITLE, case, N_(
        "Hjemrejsestyrelsen has received the submission below through "
        "Repatrieringsportalen. Keep this receipt with the case."))
    documents = [Column(N_("Document"), 5.0, lambda doc: doc[0]),
                 Column(N_("Details"), 7.0, lambda doc: doc[1])]
    form.section(N_("Submission"), form.fields([
        [(N_("Case reference"), case.reference, 4),
         (N_("Request"), data.request_kind_label, 4),
         (N_("Submitted"), fmt.datetime_text(data.submitted_at), 4)],
        [(N_("Municipality"), municipality_text(case), 4),
         (N_("Submitted by"), data.submitted_by or case.caseworker_name, 4),
         (N_("Destination country"), case.destination_name, 4)],
    ]), form.text(N_(
        "This receipt confirms what was received, not that the request is approved. "
        "It is created automatically and needs no signature."), "note"))
    form.section(N_("Persons (%(count)s)"), form.persons(data.persons),
                 count=sum(not p.is_escort for p in data.persons))
    form.section(N_("Documents (%(count)s)"), list_table(fmt, documents, data.documents),
                 count=len(data.documents))
    return form.pdf()
