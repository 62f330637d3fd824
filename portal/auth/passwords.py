"""argon2id hashing and the password policy."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 12
_COMMON_FILE = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt"


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()  # argon2id with the library's current recommended parameters


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    if not _COMMON_FILE.exists():
        return frozenset()
    lines = _COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


_DUMMY_HASH: list[str] = []


def burn_time(password: str) -> None:
    """Spend the same time as a real check, so timing does not reveal unknown accounts."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(hash_password("dummy-password-for-timing"))
    verify_password(_DUMMY_HASH[0], password)


def password_problems(password: str, *, email: str = "") -> list:
    """Reasons a new password is refused (empty list when it is acceptable)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(_l("Use at least %(n)s characters.", n=MIN_LENGTH))
    lowered = password.lower()
    if lowered in _common_passwords() or (email and lowered == email.lower()):
        problems.append(_l("This password is too common. Choose one that is harder to guess."))
    return problems
