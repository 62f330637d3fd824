"""The useful links of the newsletter nr. 3 – 2025 ("Nyttige links"), kept once as data.

The newsletter gives each link's text and says where the forms are: on the agency's website,
hjemst.dk, under Repatriering. Where the portal builds a form itself (the blank departure
form and the waiver declaration), it offers its own PDF beside the link.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The agency's website as the newsletter names it.
AGENCY_SITE = "https://hjemst.dk"
SOURCE = "Nyt fra Hjemrejsestyrelsen nr. 3 – 2025"


@dataclass(frozen=True)
class UsefulLink:
    text: str  # the link's text in the newsletter (Danish, as printed)
    blank_form: str | None = None  # a key of filing.blank_forms.BLANK_FORMS, if the portal has it


#: In the newsletter's order: its "Nyttige links" box, then the forms linked in "Godt at vide"
#: and the evaluation.
USEFUL_LINKS = (
    UsefulLink("Information til kommunerne om repatrieringsopgaven"),
    UsefulLink("Anmodning om fleksibel udbetaling"),
    UsefulLink("Udrejseblanket", blank_form="departure"),
    UsefulLink("Udrejseblanket til børn/eskorte"),
    UsefulLink("angivelsesblanket nr. 14.029"),
    UsefulLink("Evalueringafdedikeretvejledning_2025.pdf"),
)
