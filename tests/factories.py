"""Test data factories with traits, in the spirit of Open Forms' factories."""

from __future__ import annotations

import functools
import itertools
from datetime import date, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, CaseKind, Municipality, Person, Relation, Role, User
from portal.services.accounts.passwords import hash_password
from portal.services.accounts.totp import code_at

PASSWORD = "Correct-Horse-Battery-42"
TOTP_SECRET = "WHICGA3AZ3XKZLS5XPMWEUEJP6Z4FULG"  # 32 base32 characters, as new users get
_counter = itertools.count(1)
_password_hash: list[str] = []


def _hash() -> str:
    if not _password_hash:
        _password_hash.append(hash_password(PASSWORD))
    return _password_hash[0]


def complete_second_factor(client, response, *, email: str, follow: bool = False):
    """If the login asks for a TOTP code, give the current one (tests know the secret)."""
    location = response.headers.get("Location", "")
    if response.status_code in (302, 303) and "/login/totp" in location:
        return client.form_post(location, {"code": unused_code(client.application, email)},
                                follow_redirects=follow)
    return response


def unused_code(app, email: str, secret: str = TOTP_SECRET) -> str:
    """The current code, or the next one when the current one was already used.

    The portal refuses a code used before (no replay), so a test that logs the same
    user in twice within 30 seconds needs the next step's code (accepted within ±1 step).
    """
    import time

    with app.app_context():
        last = db.session.scalar(select(User.totp_last_counter).where(User.email == email))
        db.session.remove()
    counter = int(time.time() // 30)
    if last is not None and last >= counter:
        if last + 1 > counter + 1:
            time.sleep(30 - time.time() % 30 + 0.5)
            counter = int(time.time() // 30)
        counter = max(counter, last + 1)
    return code_at(secret, counter)


def _in_own_context(method):
    """Run a factory method in a fresh app context unless one of ours is already open."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if self._depth:
            return method(self, *args, **kwargs)
        with self.app.app_context():
            db.session().expire_on_commit = False
            self._depth += 1
            try:
                return method(self, *args, **kwargs)
            finally:
                self._depth -= 1
                db.session.remove()

    return wrapper


class Factory:
    """Make rows directly in the database; every keyword can be overridden."""

    def __init__(self, app):
        self.app = app
        self._depth = 0

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _wrap_public(cls)

    def municipality(self, code: str = "751") -> Municipality:
        return db.session.scalar(select(Municipality).where(Municipality.code == code))

    def user(self, role: str | Role = Role.CASEWORKER, *, municipality_code: str = "751",
             email: str | None = None, active: bool = True, **kwargs) -> User:
        role = Role(role)
        n = next(_counter)
        user = User(
            email=email or f"{role.value}{n}@example.dk",
            name=kwargs.pop("name", f"Test {role.value} {n}"),
            role=role,
            municipality=self.municipality(municipality_code) if role is Role.CASEWORKER
            else None,
            password_hash=_hash(),
            active=active,
            totp_secret=TOTP_SECRET,
            totp_enabled=role in (Role.AGENCY, Role.ADMIN),
            phone=kwargs.pop("phone", "87 13 40 00" if role is Role.CASEWORKER else ""),
            **kwargs,
        )
        db.session.add(user)
        db.session.commit()
        return user

    def case(self, *, municipality_code: str = "751", kind: CaseKind = CaseKind.ORDINARY,
             destination: str = "SY", departure: date | None = None, family: bool = False,
             persons: list[dict] | None = None, created_by: User | None = None) -> Case:
        """A case; `family=True` gives 2 adults and 3 children, one under 2."""
        departure = departure or date.today() + timedelta(days=30)
        case = Case(municipality=self.municipality(municipality_code), kind=kind,
                    destination_country=destination, planned_departure=departure,
                    created_by=created_by)
        if persons is None:
            persons = self.family_persons(departure) if family else [
                {"full_name": "Omar Haddad", "birth_date": date(1980, 5, 17),
                 "relation": Relation.APPLICANT, "cpr": "1705801234"}]
        for position, data in enumerate(persons):
            data = {"nationality": "SY", "passport_number": f"N{position:07d}", **data}
            case.persons.append(Person(position=position, **data))
        db.session.add(case)
        db.session.flush()
        case.reference = Case.make_reference(case.created_at.year, case.id)
        db.session.commit()
        return case

    @staticmethod
    def family_persons(departure: date) -> list[dict]:
        return [
            {"full_name": "Rami Al-Hassan", "birth_date": date(1984, 3, 2),
             "relation": Relation.APPLICANT, "cpr": "0203841235"},
            {"full_name": "Lina Al-Hassan", "birth_date": date(1987, 11, 20),
             "relation": Relation.SPOUSE, "cpr": "2011874562"},
            {"full_name": "Sami Al-Hassan", "birth_date": date(2014, 6, 1),
             "relation": Relation.CHILD, "cpr": "0106144013"},
            {"full_name": "Nour Al-Hassan", "birth_date": date(2018, 9, 9),
             "relation": Relation.CHILD, "cpr": "0909184020"},
            {"full_name": "Yara Al-Hassan", "birth_date": departure - timedelta(days=400),
             "relation": Relation.CHILD, "cpr": None},
        ]


def _wrap_public(cls) -> None:
    for name, value in list(vars(cls).items()):
        if callable(value) and not name.startswith("_") and not isinstance(value, staticmethod):
            setattr(cls, name, _in_own_context(value))


_wrap_public(Factory)
