"""The child and escort supplement ("Tillægsark til mindreårige børn og eskorte")."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from portal.rules import N_

from .base import bold_para, para
from .blocks import Form, checkbox, person_fields, signature_block, yes_no
from .data import Formatter, GuardianData, SupplementData

TITLE = N_("Child and escort supplement")


def _guardian(form: Form, number: int, guardian: GuardianData) -> list[Flowable]:
    """One holder of custody with the consent box and the date of consent."""
    fmt = form.fmt
    consent = checkbox(guardian.consents,
                       fmt.t(N_("Consents to the children's departure with the family")))
    heading = bold_para(fmt.t(N_("Holder of custody %(number)s"), number=number), "cell")
    block = form.fields([
        [(N_("Name"), guardian.name, 6),
         (N_("Relation to the children"), guardian.relation_label, 3),
         (N_("Travels along"), yes_no(fmt, guardian.travels), 3)],
        [(N_("Consent"), consent, 9),
         (N_("Date of consent"), fmt.date_text(guardian.consent_date), 3)],
    ])
    return [Spacer(1, 4), heading, *block]


def _escort(form: Form, data: SupplementData) -> None:
    fmt = form.fmt
    if data.escort is None:
        form.section(N_("Escort"),
                     para(checkbox(True, fmt.t(N_("No escort travels with the children.")))))
        return
    details = form.box(N_("Escort details (task, relation to the children, return journey)"),
                       data.escort_details)
    statement = form.text(N_(
        "The escort confirms to accompany the children on the whole journey and to hand "
        "them over to the persons named in the departure forms."))
    signature = signature_block(fmt, [(data.escort.full_name, fmt.t(N_("Escort")))])
    escorted = form.fields([[(N_("Escort for"), ", ".join(data.escorted))]])
    form.add(KeepTogether([form.bar(N_("Escort")), *person_fields(fmt, data.escort),
                           *escorted, details, statement, *signature]))


def render_supplement(data: SupplementData, fmt: Formatter) -> bytes:
    """Render the supplement for the minors of a case and their escort, if any."""
    form = Form(fmt, TITLE, data.case, N_(
        "Enclosed with the departure forms when minors travel or an escort travels with "
        "the family. Every holder of custody confirms consent and signs."))
    form.case_section()
    form.section(N_("Minors travelling"), form.persons(data.minors))
    form.section(N_("Holders of custody and consent"))
    guardians = [_guardian(form, n, guardian) for n, guardian in enumerate(data.guardians, 1)]
    if guardians:  # the signatures stay on the page of the last holder of custody
        role = fmt.t(N_("Holder of custody"))
        signatures = signature_block(fmt, [(g.name, role) for g in data.guardians])
        form.add([KeepTogether(blocks) for blocks in guardians[:-1]],
                 KeepTogether([*guardians[-1], *signatures]))
    else:
        form.add(form.text(N_("No holder of custody is registered.")))
    _escort(form, data)
    return form.pdf()
