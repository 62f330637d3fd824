"""The waiver declaration ("Frafaldserklæring") signed by each adult before a flexible payment:
the whole assistance is paid in cash at departure, in return for the right to regret and the
reintegration assistance (BEK 1493/2023)."""

from __future__ import annotations

from portal.rules import N_

from .base import DRC_NAME
from .blocks import Form, person_fields
from .data import Formatter, WaiverData

TITLE = N_("Waiver declaration")


def render_waiver(data: WaiverData, fmt: Formatter) -> bytes:
    """One adult's declaration; blank data gives the form to fill in by hand."""
    form = Form(fmt, TITLE, data.case, N_(
        "Signed by every adult who asks for flexible payment. The municipality sends the "
        "signed declaration to the agency with the request and always also to %(drc)s."),
        drc=DRC_NAME)
    form.section(N_("The person declaring"), person_fields(fmt, data.person))
    form.case_section()
    form.section(
        N_("Declaration"),
        form.text(N_(
            "I ask for my repatriation assistance to be paid in full in cash at my departure "
            "(flexible payment). I know that I thereby give up the right to regret my "
            "repatriation and the reintegration assistance.")),
        form.check(data.waives_regret_and_reintegration, N_(
            "I waive the right to regret and the reintegration assistance.")),
        form.check(bool(data.releases_citizenship), N_(
            "Only for a dual citizen: I ask to be released from my Danish citizenship.")))
    signers = [(data.person.full_name, fmt.t(N_("The person declaring"))), form.caseworker()]
    statement = fmt.t(N_("The municipality has explained what the declaration means, in a "
                         "language the person understands."))
    form.sign(N_("Signatures"), signers, statement)
    return form.pdf()
