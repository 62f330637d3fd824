"""The contacts municipal staff need, kept as data admins edit (issue 17.7) and rendered
wherever they fit: the contacts page and the footer of every page."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from flask_babel import get_locale
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from portal.db import utcnow
from portal.extensions import db
from portal.models import Contact, Role, User
from portal.services import versioning
from portal.services.accounts import audit


@dataclass(frozen=True)
class Phone:
    display: str  # as Danes write it: "30 65 78 40"
    label: str

    @property
    def tel(self) -> str:
        """The number for a tel: link, with the Danish country code."""
        return "+45" + "".join(ch for ch in self.display if ch.isdigit())


@dataclass(frozen=True)
class ContactCard:
    """A contact in the reader's language, as the templates show it."""

    key: str
    name: str
    purpose: str
    phones: tuple[Phone, ...] = ()
    emails: tuple[str, ...] = ()
    address: str = ""
    note: str = ""


@dataclass
class ContactInput:
    name_da: str
    name_en: str
    purpose_da: str
    purpose_en: str
    phone: str
    phone_label_da: str
    phone_label_en: str
    email: str
    address: str
    note_da: str
    note_en: str


def all_contacts() -> list[Contact]:
    return list(db.session.scalars(select(Contact).order_by(Contact.position, Contact.id)))


def get_contact(contact_id: int) -> Contact | None:
    return db.session.get(Contact, contact_id)


def card(contact: Contact, locale: str) -> ContactCard:
    """The Danish text is the stored value; English is shown where it is filled in."""

    def text(name: str) -> str:
        return (locale == "en" and getattr(contact, f"{name}_en")) or getattr(contact,
                                                                              f"{name}_da")

    phones = (Phone(contact.phone, text("phone_label")),) if contact.phone else ()
    return ContactCard(key=contact.key, name=text("name"), purpose=text("purpose"),
                       phones=phones, emails=(contact.email,) if contact.email else (),
                       address=contact.address, note=text("note"))


def cards() -> list[ContactCard]:
    return [card(contact, reader_locale()) for contact in all_contacts()]


def listing() -> list[tuple[Contact, ContactCard]]:
    """The admin's list: each row with its texts in the reader's language."""
    return [(contact, card(contact, reader_locale())) for contact in all_contacts()]


def reader_locale() -> str:
    return str(get_locale() or "da")[:2]


def footer_card() -> ContactCard | None:
    """The footer's contact, the first of the list (the agency's hotline); None (rather than
    an error page of an error page) while the database cannot be read."""
    try:
        with db.session.no_autoflush:  # never swallow an error of the request's own changes
            contact = db.session.scalars(
                select(Contact).order_by(Contact.position, Contact.id).limit(1)).first()
    except SQLAlchemyError:
        db.session.rollback()
        return None
    return card(contact, reader_locale()) if contact is not None else None


def update_contact(contact: Contact, data: ContactInput, actor: User, *,
                   expected_version=None) -> Contact:
    """Admins keep the contacts; `expected_version` is the version the form was built from."""
    if actor.role is not Role.ADMIN:
        raise PermissionError("only admins edit the contacts")
    typed = {name: (value or "").strip() for name, value in asdict(data).items()}
    if expected_version is not None:
        versioning.check(contact, expected_version, typed)
    for name, value in typed.items():
        setattr(contact, name, value)
    contact.updated_at = utcnow()
    contact.updated_by_id = actor.id
    db.session.flush()
    audit.record("contact.updated", detail=f"contact={contact.key}", user=actor)
    return contact
