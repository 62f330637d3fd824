"""The decision letter ("Afgørelse") the agency's rejection produces: what was asked, the
decision, the reason, the legal basis and whom to contact. Always Danish, like the forms."""

from __future__ import annotations

from reportlab.platypus import KeepTogether

from portal.rules import N_

from .base import AGENCY_NAME, bold_para, contact_line, para
from .blocks import Form, case_summary
from .data import DecisionData, Formatter

TITLE = N_("Decision")

#: The legal basis as the source documents give it (DESIGN.md, the newsletter nr. 3 - 2025).
LEGAL_BASIS = {
    "flexible_payment": N_("The repatriation act (repatrieringsloven, LOV 414/2024) and "
                           "BEK 1493/2023 on flexible payment to Syria and Iran."),
    "recon_trip": N_("§ 6 of the repatriation act (repatrieringsloven) on reconnaissance "
                     "trips, with maintenance support for up to 8 weeks."),
    "departure": N_("The repatriation act (repatrieringsloven, LOV 414/2024)."),
}


def render_decision_letter(data: DecisionData, fmt: Formatter) -> bytes:
    """Render the letter the municipality downloads from its case page."""
    form = Form(fmt, TITLE, data.case, N_(
        "Hjemrejsestyrelsen's decision on the request the municipality sent through "
        "Repatrieringsportalen."))
    form.section(N_("The request"), case_summary(fmt, data.case), form.fields([
        [(N_("Request"), data.request_kind_label, 4),
         (N_("Submitted"), fmt.date_text(data.submitted_on), 4),
         (N_("Date of the decision"), fmt.date_text(data.decided_on), 4)],
        [(N_("Persons"), ", ".join(data.persons))],
    ]))
    form.section(N_("Decision"), bold_para(fmt.t(N_("Hjemrejsestyrelsen rejects the request."))))
    form.section(N_("Reason"), form.box(N_("Reason for the decision"), data.reason, min_lines=3))
    form.section(N_("Legal basis"),
                 form.text(LEGAL_BASIS.get(data.request_kind, LEGAL_BASIS["departure"])))
    form.add(KeepTogether([
        form.bar(N_("Contact")),
        form.text(N_("Questions about the decision: %(contact)s. Give the case reference "
                      "%(reference)s."), contact=contact_line(), reference=data.case.reference),
        form.text(N_("Kind regards")),
        para(f"{data.decided_by}\n{AGENCY_NAME}"),
    ]))
    return form.pdf()
