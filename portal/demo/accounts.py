"""Demo accounts: one per role, plus a second caseworker in another municipality."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Municipality, Role, User
from portal.services.accounts.passwords import hash_password

DEMO_PASSWORD = "Demo-Password-2026"  # noqa: S105 - documented demo credential
#: Documented demo TOTP secret (32 base32 characters, 160 bits, made once with
#: pyotp.random_base32()); for the demo data only, never for a real account.
DEMO_TOTP_SECRET = "KSCHPEW46ATFDORQJYXCJH7QIRDRV73P"  # noqa: S105
#: The 80-bit demo secret of earlier versions, below pyotp's 112-bit floor: load() replaces it.
OLD_DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # noqa: S105

ACCOUNTS = (
    ("aarhus@demo.test", "Anne Aarhus Sørensen", Role.CASEWORKER, "751"),
    ("kobenhavn@demo.test", "Karim København Jensen", Role.CASEWORKER, "101"),
    ("agency@demo.test", "Agnete Styrelse Holm", Role.AGENCY, None),
    ("agency2@demo.test", "Bo Styrelse Lund", Role.AGENCY, None),
    ("drc@demo.test", "Dina Rådgiver Nielsen", Role.DRC_ADVISER, None),
    ("admin@demo.test", "Adam Admin Berg", Role.ADMIN, None),
)
#: The caseworkers' phones, printed on the official forms (made up for the demo).
PHONES = {"aarhus@demo.test": "12 34 56 78", "kobenhavn@demo.test": "87 65 43 21"}


def load() -> str:
    created = 0
    password_hash = None
    for email, name, role, code in ACCOUNTS:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            if user.totp_secret == OLD_DEMO_TOTP_SECRET:  # a demo database of before
                user.totp_secret = DEMO_TOTP_SECRET
                user.totp_last_counter = None
            if not user.phone:  # demo accounts made before the forms printed the phone
                user.phone = PHONES.get(email, "")
            continue
        password_hash = password_hash or hash_password(DEMO_PASSWORD)
        municipality = (
            db.session.scalar(select(Municipality).where(Municipality.code == code))
            if code else None
        )
        db.session.add(User(email=email, name=name, role=role, municipality=municipality,
                            phone=PHONES.get(email, ""),
                            password_hash=password_hash, totp_secret=DEMO_TOTP_SECRET,
                            totp_enabled=role in (Role.AGENCY, Role.ADMIN)))
        created += 1
    db.session.flush()
    return f"Demo accounts: {created} created, {len(ACCOUNTS) - created} already there."
