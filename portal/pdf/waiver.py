"""The waiver declaration ("Frafaldserklæring") signed by each adult before a flexible payment:
the whole assistance is paid in cash at departure, in return for the right to regret and the
reintegration assistance (BEK 1493/2023)."""

from __future__ import annotations

from reportlab.platypus import Flowable

from portal.rules import N_

from .base import DRC_NAME, build_pdf
from .blocks import (
    Sections,
    case_fields,
    caseworker_signer,
    check_line,
    person_fields,
    signature_section,
    title_block,
    translated,
)
from .data import Formatter, WaiverData

TITLE = N_("Waiver declaration")


def render_waiver(data: WaiverData, fmt: Formatter) -> bytes:
    """One adult's declaration; blank data gives the form to fill in by hand."""
    section = Sections(fmt)
    story: list[Flowable] = title_block(fmt, TITLE, N_(
        "Signed by every adult who asks for flexible payment. The municipality sends the "
        "signed declaration to the agency with the request and always also to %(drc)s."),
        drc=DRC_NAME)
    story += [*section(N_("The person declaring")), *person_fields(fmt, data.person)]
    story += [*section(N_("Case and municipality")), *case_fields(fmt, data.case)]
    story += [
        *section(N_("Declaration")),
        translated(fmt, N_(
            "I ask for my repatriation assistance to be paid in full in cash at my departure "
            "(flexible payment). I know that I thereby give up the right to regret my "
            "repatriation and the reintegration assistance.")),
        check_line(fmt, data.waives_regret_and_reintegration, N_(
            "I waive the right to regret and the reintegration assistance.")),
        check_line(fmt, bool(data.releases_citizenship), N_(
            "Only for a dual citizen: I ask to be released from my Danish citizenship.")),
    ]
    signers = [(data.person.full_name, fmt.t(N_("The person declaring"))),
               caseworker_signer(fmt, data.case)]
    statement = fmt.t(N_("The municipality has explained what the declaration means, in a "
                         "language the person understands."))
    story.append(signature_section(fmt, section.bar(N_("Signatures")), signers, statement))
    return build_pdf(fmt, title=TITLE, reference=data.case.reference, story=story)
