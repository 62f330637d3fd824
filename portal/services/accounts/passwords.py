"""argon2id hashing and the password policy."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

from portal.rules import PASSWORD_MIN_LENGTH

_HASHER = "argon2_hasher"  # keys in app.extensions
_DUMMY_HASH = "argon2_dummy_hash"
_COMMON_FILE = Path(__file__).resolve().parents[2] / "data" / "common-passwords.txt"

#: zxcvbn's score a new password must reach: 3 is "safely unguessable" (about 10^10 guesses).
MIN_SCORE = 3
#: zxcvbn refuses longer input; a password this long is judged by its first 72 characters.
ZXCVBN_MAX_LENGTH = 72
#: Words anyone guessing a password for this portal tries first, given to zxcvbn with the
#: user's own name and e-mail address.
PORTAL_WORDS = ("repatriering", "repatrieringsportalen", "repatriation", "hjemrejse",
                "hjemrejsestyrelsen", "hjemst", "hjst", "portal", "portalen", "kommune",
                "kommunen", "drc", "flygtningehjælp", "dansk", "danmark", "udrejse",
                "sagsbehandler", "rådgiver", "adgangskode")
#: zxcvbn's feedback (English) in the reader's language.
ZXCVBN_FEEDBACK = {
    "Use a few words, avoid common phrases.": _l("Use a few words, avoid common phrases."),
    "No need for symbols, digits, or uppercase letters.":
        _l("No need for symbols, digits, or uppercase letters."),
    "Add another word or two. Uncommon words are better.":
        _l("Add another word or two. Uncommon words are better."),
    "Straight rows of keys are easy to guess.": _l("Straight rows of keys are easy to guess."),
    "Short keyboard patterns are easy to guess.":
        _l("Short keyboard patterns are easy to guess."),
    "Use a longer keyboard pattern with more turns.":
        _l("Use a longer keyboard pattern with more turns."),
    'Repeats like "aaa" are easy to guess.': _l('Repeats like "aaa" are easy to guess.'),
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".':
        _l('Repeats like "abcabcabc" are only slightly harder to guess than "abc".'),
    "Avoid repeated words and characters.": _l("Avoid repeated words and characters."),
    'Sequences like "abc" or "6543" are easy to guess.':
        _l('Sequences like "abc" or "6543" are easy to guess.'),
    "Avoid sequences.": _l("Avoid sequences."),
    "Recent years are easy to guess.": _l("Recent years are easy to guess."),
    "Avoid recent years.": _l("Avoid recent years."),
    "Avoid years that are associated with you.": _l("Avoid years that are associated with you."),
    "Dates are often easy to guess.": _l("Dates are often easy to guess."),
    "Avoid dates and years that are associated with you.":
        _l("Avoid dates and years that are associated with you."),
    "This is a top-10 common password.": _l("This is a top-10 common password."),
    "This is a top-100 common password.": _l("This is a top-100 common password."),
    "This is a very common password.": _l("This is a very common password."),
    "This is similar to a commonly used password.":
        _l("This is similar to a commonly used password."),
    "A word by itself is easy to guess.": _l("A word by itself is easy to guess."),
    "Names and surnames by themselves are easy to guess.":
        _l("Names and surnames by themselves are easy to guess."),
    "Common names and surnames are easy to guess.":
        _l("Common names and surnames are easy to guess."),
    "Capitalization doesn't help very much.": _l("Capitalization doesn't help very much."),
    "All-uppercase is almost as easy to guess as all-lowercase.":
        _l("All-uppercase is almost as easy to guess as all-lowercase."),
    "Reversed words aren't much harder to guess.":
        _l("Reversed words aren't much harder to guess."),
    "Predictable substitutions like '@' instead of 'a' don't help very much.":
        _l("Predictable substitutions like '@' instead of 'a' don't help very much."),
}


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


def _user_inputs(email: str, name: str) -> list[str]:
    """The user's own words for zxcvbn: name and e-mail address whole and in parts."""
    words = [email, name, *re.split(r"[\s@.\-_+]+", f"{email} {name}")]
    return [w.lower() for w in words if len(w) > 1] + list(PORTAL_WORDS)


def _translated(message: str):
    return ZXCVBN_FEEDBACK.get(message)


def strength_problems(password: str, *, email: str = "", name: str = "") -> list:
    """Why zxcvbn finds the password too easy to guess (score below MIN_SCORE), in the
    reader's language: its warning and suggestions, or a general reason when it has none."""
    result = zxcvbn(password[:ZXCVBN_MAX_LENGTH], user_inputs=_user_inputs(email, name))
    if result["score"] >= MIN_SCORE:
        return []
    feedback = result.get("feedback") or {}
    reasons = [_translated(text) for text in (feedback.get("warning") or "",
                                              *(feedback.get("suggestions") or ()))]
    reasons = [reason for reason in reasons if reason is not None]
    if not reasons:
        reasons = [_l("Use a few uncommon words together, not your name, your e-mail "
                      "address or the portal's own words.")]
    return [_l("This password is too easy to guess."), *reasons]


def password_problems(password: str, *, email: str = "", name: str = "") -> list:
    """Reasons a new password is refused (empty list when it is acceptable): too short, on
    the list of common passwords, or too easy to guess for zxcvbn given the user's name,
    e-mail address and the portal's words."""
    problems = []
    if len(password) < PASSWORD_MIN_LENGTH:
        problems.append(_l("Use at least %(n)s characters.", n=PASSWORD_MIN_LENGTH))
    lowered = password.lower()
    if lowered in _common_passwords() or (email and lowered == email.lower()):
        problems.append(_l("This password is too common. Choose one that is harder to guess."))
        return problems
    if password:
        problems.extend(strength_problems(password, email=email, name=name))
    return problems
