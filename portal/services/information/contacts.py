"""The contacts municipal staff need, kept once as data and rendered wherever they fit."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Phone:
    display: str  # as Danes write it: "30 65 78 40"
    label: object  # lazy string

    @property
    def tel(self) -> str:
        """The number for a tel: link, with the Danish country code."""
        return "+45" + "".join(ch for ch in self.display if ch.isdigit())


@dataclass(frozen=True)
class Contact:
    key: str
    name: object
    purpose: object
    phones: tuple[Phone, ...] = ()
    emails: tuple[str, ...] = ()
    address: str = ""
    note: object = ""


AGENCY = Contact(
    key="agency",
    name=_l("The Danish Return Agency"),
    purpose=_l("Questions about repatriation, requests and the rules."),
    phones=(Phone("30 65 78 40", _l("Hotline for municipal staff")),),
    emails=("repatriering@hjemst.dk",),
    address="Birkerød Kongevej 2-4, 3460 Birkerød",
    note=_l("You can also ask the agency for an online meeting, for example to go through "
            "the legal framework or a difficult case."),
)

NIDC = Contact(
    key="nidc",
    name=_l("National ID Centre (Nationalt ID-center)"),
    purpose=_l("Help and advice with foreign documents, for example ID documents."),
    phones=(Phone("61 98 39 00", _l("Telephone")),),
    emails=("nidc@nidc.dk",),
)

DRC = Contact(
    key="drc",
    name=_l("DRC Danish Refugee Council, advice team"),
    purpose=_l("Questions about a specific case."),
    phones=(Phone("33 73 50 00", _l("Advice team")),),
    note=_l("Advice in Danish and English; other languages on request."),
)

#: All contacts, in the order they are shown.
CONTACTS: tuple[Contact, ...] = (AGENCY, NIDC, DRC)
