"""Demo households filed through the municipality's services, for Aarhus and København.

A family to Syria with flexible payment (submitted, with generated waiver and IN 325 PDFs),
a single adult on a reconnaissance trip, an elderly person with an escort, and drafts.
Safe to run twice: skipped when the family's applicant already exists in the municipality.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AttachmentKind,
    Case,
    CaseKind,
    Person,
    ReconTrip,
    Relation,
    RequestKind,
    User,
)
from portal.services.filing import cash, steps, submission, uploads

#: The households' addresses in Denmark (made up), printed on the departure forms.
ADDRESSES = {"751": "Vestergade 12, 8000 Aarhus C", "101": "Nørrebrogade 20, 2200 København N"}
HOUSEHOLDS = {
    "751": ("aarhus@demo.test", "Al-Khatib", ("Yusuf", "Rania", "Adam", "Maryam", "Zain"),
            "Khalil Barakat", ("Amina Sabbagh", "Lone Kjær Møller"), ("Tariq", "Salma")),
    "101": ("kobenhavn@demo.test", "Darwish", ("Hassan", "Noor", "Omar", "Layla", "Rayan"),
            "Bashar Qasim", ("Zahra Haidari", "Jens Ørum Dahl"), ("Walid", "Huda")),
}


def _pdf(title: str) -> bytes:
    """A small signed-looking PDF, generated so no binary file lives in the repository."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.setTitle(title)
    canvas.drawString(72, 760, title)
    canvas.drawString(72, 730, "Demodokument - Repatrieringsportalen")
    canvas.line(72, 660, 300, 660)
    canvas.drawString(72, 645, "Underskrift / Signature")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _cpr(born: date, serial: str) -> str:
    """A valid-looking CPR: the date, then a serial whose 7th digit fits the century."""
    return f"{born:%d%m%y}{serial}"


def _own_number(number: str | None, variant: int) -> str | None:
    """The number with its last digit moved by `variant`: the households of the two
    municipalities look alike but are different persons (no possible duplicates)."""
    if not number or not number[-1].isdigit():
        return number
    return f"{number[:-1]}{(int(number[-1]) + variant) % 10}"


def _case(user, destination: str, kind: CaseKind, departure: date, people: list[dict]) -> Case:
    case = Case(municipality_id=user.municipality_id, created_by_id=user.id,
                destination_country=destination, kind=kind, planned_departure=departure)
    variant = list(HOUSEHOLDS).index(user.municipality.code)
    for position, data in enumerate(people):
        passport = data.pop("passport", f"N{data['birth_date']:%y%m%d}{position}9")
        data["cpr"] = _own_number(data.get("cpr"), variant)
        case.persons.append(Person(position=position, nationality=data.pop("nationality", "SY"),
                                   passport_number=_own_number(passport, variant),
                                   passport_country=destination, **data))
    db.session.add(case)
    db.session.flush()
    case.reference = Case.make_reference(case.created_at.year, case.id)
    return case


def _family(user, last: str, names: tuple[str, ...], today: date) -> None:
    departure = today + timedelta(days=45)
    born = [date(1983, 4, 12), date(1988, 9, 3), date(2012, 2, 20), date(2016, 7, 7),
            departure - timedelta(days=420)]
    relations = [Relation.APPLICANT, Relation.SPOUSE, Relation.CHILD, Relation.CHILD,
                 Relation.CHILD]
    serials = ["1235", "2468", "4013", "4020", None]
    people = [{"full_name": f"{first} {last}", "birth_date": b, "relation": r,
               "cpr": _cpr(b, s) if s else None}
              for first, b, r, s in zip(names, born, relations, serials, strict=True)]
    case = _case(user, "SY", CaseKind.FLEXIBLE_PAYMENT, departure, people)
    req = submission.start_request(case, RequestKind.FLEXIBLE_PAYMENT, user)
    ids = {p.id for p in case.persons}
    steps.save_travellers(req, ids, user)
    adults = case.persons[:2]
    steps.save_waivers(req, {p.id: (True, False) for p in adults}, user)
    steps.save_departure(req, {p.id: ("Damascus, Al-Mezzeh", "Fætter, +963 11 000 0000", "",
                                      ADDRESSES[user.municipality.code])
                               for p in case.persons}, user)
    steps.save_supplement(req, steps.SupplementInput(
        guardians=[{"name": adults[0].full_name, "relation": "Far", "consents": True,
                    "consent_date": date.today() - timedelta(days=3)},
                   {"name": adults[1].full_name, "relation": "Mor", "consents": True,
                    "consent_date": date.today() - timedelta(days=3)}],
        consent_confirmed=True, escort_person_id=None, escort_organisation="",
        escort_returns_on=None), user)
    steps.save_cash(req, {}, user)
    details = {item.person.id: cash.DeclarationInput(
        owner=item.person.full_name, intended_recipient=item.person.full_name,
        cash_type="currency", origin="Hjælp til repatriering (fleksibel udbetaling)",
        intended_use="Etablering i Syrien", route="København – Istanbul – Damaskus",
        means_of_transport="Fly") for item in cash.declarants(req)}
    steps.save_declarations(req, details, True, user, today)
    for kind, title in ((AttachmentKind.WAIVER, "Frafaldserklaering"),
                        (AttachmentKind.IN325, "IN 325")):
        uploads.store(case=case, request_obj=req, kind=kind, filename=f"{title}.pdf",
                      data=_pdf(title), user=user)
    submission.submit(req, user, submission.ensure_token(req))


def _recon(user, name: str, today: date) -> None:
    born = date(1991, 11, 30)
    case = _case(user, "SY", CaseKind.ORDINARY, today + timedelta(days=120), [
        {"full_name": name, "birth_date": born, "relation": Relation.APPLICANT,
         "cpr": _cpr(born, "1357")}])
    req = submission.start_request(case, RequestKind.RECON_TRIP, user)
    req.recon_trip = ReconTrip(destination_country="SY", purpose="Se på bolig og arbejde i Homs",
                               first_day=today + timedelta(days=30),
                               last_day=today + timedelta(days=30 + 62),
                               benefit_kept="Selvforsørgelses- og hjemrejseydelse",
                               support_requested=True)
    req.draft_step = "attachments"


def _elderly(user, names: tuple[str, str], today: date) -> None:
    elder_born, escort_born = date(1942, 5, 1), date(1978, 3, 15)
    departure = today + timedelta(days=35)
    case = _case(user, "IQ", CaseKind.ORDINARY, departure, [
        {"full_name": names[0], "birth_date": elder_born, "relation": Relation.APPLICANT,
         "cpr": _cpr(elder_born, "2222"), "nationality": "IQ"},
        {"full_name": names[1], "birth_date": escort_born, "relation": Relation.ESCORT,
         "cpr": _cpr(escort_born, "3334"), "nationality": "DK", "passport": "DK1234567"}])
    req = submission.start_request(case, RequestKind.DEPARTURE, user)
    steps.save_travellers(req, {p.id for p in case.persons}, user)
    steps.save_departure(req, {
        case.persons[0].id: ("Baghdad, Karrada", "Nevø, +964 770 000 0000",
                             "Kørestol i begge lufthavne", ADDRESSES[user.municipality.code]),
        case.persons[1].id: ("Baghdad, hotel ved lufthavnen (rejser hjem efter 4 dage)",
                             "Kommunens hjemmepleje, +45 12 34 56 78", "",
                             "Kommunens hjemmepleje")}, user)
    steps.save_supplement(req, steps.SupplementInput(
        guardians=[], consent_confirmed=False, escort_person_id=case.persons[1].id,
        escort_organisation="Kommunens hjemmepleje",
        escort_returns_on=departure + timedelta(days=4)), user)
    steps.save_cash(req, {}, user)
    submission.submit(req, user, submission.ensure_token(req))


def _drafts(user, names: tuple[str, str], last: str, today: date) -> None:
    departure = today + timedelta(days=75)
    born = (date(1979, 1, 9), date(1982, 6, 21))
    case = _case(user, "SY", CaseKind.ORDINARY, departure, [
        {"full_name": f"{names[0]} {last}", "birth_date": born[0],
         "relation": Relation.APPLICANT, "cpr": _cpr(born[0], "1111")},
        {"full_name": f"{names[1]} {last}", "birth_date": born[1], "relation": Relation.SPOUSE,
         "cpr": _cpr(born[1], "2224")}])
    req = submission.start_request(case, RequestKind.DEPARTURE, user)
    steps.save_travellers(req, {p.id for p in case.persons}, user)
    steps.save_departure(req, {case.persons[0].id: (  # resumes at the cash step
        "Damascus, Bab Touma", "Bror, +963 11 000 0001", "", ADDRESSES[user.municipality.code])},
        user)
    born_single = date(1995, 8, 8)
    lone = _case(user, "IR", CaseKind.FLEXIBLE_PAYMENT, today + timedelta(days=90), [
        {"full_name": f"Reza {last}", "birth_date": born_single, "relation": Relation.APPLICANT,
         "cpr": _cpr(born_single, "5555"), "nationality": "IR"}])
    submission.start_request(lone, RequestKind.FLEXIBLE_PAYMENT, user)


def load() -> str:
    today = date.today()
    created = 0
    for _code, (email, last, names, recon_name, elderly, couple) in HOUSEHOLDS.items():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None or user.municipality_id is None:
            continue
        marker = f"{names[0]} {last}"
        exists = db.session.scalar(select(Person.id).join(Case).where(
            Case.municipality_id == user.municipality_id, Person.full_name == marker).limit(1))
        if exists is not None:
            continue
        _family(user, last, names, today)
        _recon(user, recon_name, today)
        _elderly(user, elderly, today)
        _drafts(user, couple, last, today)
        created += 1
    db.session.flush()
    return f"Demo households: {created} municipalities filled, {len(HOUSEHOLDS) - created} " \
           "already there."
