"""argon2id hashing and the password policy."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.rules import PASSWORD_MIN_LENGTH

_HASHER = "argon2_hasher"  # keys in app.extensions
_DUMMY_HASH = "argon2_dummy_hash"
_COMMON_FILE = Path(__file__).resolve().parents[2] / "data" / "common-passwords.txt"


def _hasher() -> PasswordHasher:
    """The app's argon2id hasher, built once per app from its ARGON2_* settings.

    Tests configure cheap parameters. A hash carries its own parameters, so hashes made
    with other settings still verify.
    """
    extensions = current_app.extensions
    if _HASHER not in extensions:
        config = current_app.config
        extensions[_HASHER] = PasswordHasher(time_cost=config["ARGON2_TIME_COST"],
                                             memory_cost=config["ARGON2_MEMORY_COST"],
                                             parallelism=config["ARGON2_PARALLELISM"])
    return extensions[_HASHER]


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


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than the app's ARGON2_* ones."""
    return _hasher().check_needs_rehash(password_hash)


def burn_time(password: str) -> None:
    """Spend the same time as a real check, so timing does not reveal unknown accounts."""
    extensions = current_app.extensions
    if _DUMMY_HASH not in extensions:  # made with this app's parameters, so it costs the same
        extensions[_DUMMY_HASH] = hash_password("dummy-password-for-timing")
    verify_password(extensions[_DUMMY_HASH], password)


def password_problems(password: str, *, email: str = "") -> list:
    """Reasons a new password is refused (empty list when it is acceptable)."""
    problems = []
    if len(password) < PASSWORD_MIN_LENGTH:
        problems.append(_l("Use at least %(n)s characters.", n=PASSWORD_MIN_LENGTH))
    lowered = password.lower()
    if lowered in _common_passwords() or (email and lowered == email.lower()):
        problems.append(_l("This password is too common. Choose one that is harder to guess."))
    return problems
