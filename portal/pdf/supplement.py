"""The child and escort supplement ("Tillægsark til mindreårige børn og eskorte")."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from portal.rules import N_

from .base import bold_para, build_pdf, para
from .blocks import (
    Sections,
    case_fields,
    checkbox,
    fields,
    list_table,
    person_columns,
    person_fields,
    signature_block,
    text_box,
    title_block,
    translated,
    yes_no,
)
from .data import Formatter, GuardianData, SupplementData

TITLE = N_("Child and escort supplement")


def _guardian(fmt: Formatter, number: int, guardian: GuardianData) -> list[Flowable]:
    """One holder of custody with the consent box and the date of consent."""
    consent = checkbox(guardian.consents,
                       fmt.t(N_("Consents to the children's departure with the family")))
    heading = bold_para(fmt.t(N_("Holder of custody %(number)s"), number=number), "cell")
    block = fields(fmt, [
        [(N_("Name"), guardian.name, 6),
         (N_("Relation to the children"), guardian.relation_label, 3),
         (N_("Travels along"), yes_no(fmt, guardian.travels), 3)],
        [(N_("Consent"), consent, 9),
         (N_("Date of consent"), fmt.date_text(guardian.consent_date), 3)],
    ])
    return [Spacer(1, 4), heading, *block]


def _escort(fmt: Formatter, section: Sections, data: SupplementData) -> list[Flowable]:
    if data.escort is None:
        return [*section(N_("Escort")),
                para(checkbox(True, fmt.t(N_("No escort travels with the children."))))]
    details = text_box(fmt, N_("Escort details (task, relation to the children, return journey)"),
                       data.escort_details)
    statement = translated(fmt, N_(
        "The escort confirms to accompany the children on the whole journey and to hand "
        "them over to the persons named in the departure forms."))
    signature = signature_block(fmt, [(data.escort.full_name, fmt.t(N_("Escort")))])
    bar = section.bar(N_("Escort"))
    escorted = fields(fmt, [[(N_("Escort for"), ", ".join(data.escorted))]])
    return [KeepTogether([bar, *person_fields(fmt, data.escort), *escorted, details, statement,
                          *signature])]


def render_supplement(data: SupplementData, fmt: Formatter) -> bytes:
    """Render the supplement for the minors of a case and their escort, if any."""
    section = Sections(fmt)
    story: list[Flowable] = title_block(fmt, TITLE, N_(
        "Enclosed with the departure forms when minors travel or an escort travels with "
        "the family. Every holder of custody confirms consent and signs."))
    story += [*section(N_("Case and municipality")), *case_fields(fmt, data.case)]
    story += [*section(N_("Minors travelling")),
              list_table(fmt, person_columns(fmt, passport=True), data.minors)]
    story += section(N_("Holders of custody and consent"))
    guardians = [_guardian(fmt, n, guardian) for n, guardian in enumerate(data.guardians, 1)]
    if guardians:  # the signatures stay on the page of the last holder of custody
        role = fmt.t(N_("Holder of custody"))
        signatures = signature_block(fmt, [(g.name, role) for g in data.guardians])
        story += [KeepTogether(blocks) for blocks in guardians[:-1]]
        story.append(KeepTogether([*guardians[-1], *signatures]))
    else:
        story.append(translated(fmt, N_("No holder of custody is registered.")))
    story += _escort(fmt, section, data)
    return build_pdf(fmt, title=TITLE, reference=data.case.reference, story=story)
