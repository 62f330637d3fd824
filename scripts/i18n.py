"""Keep the Babel catalogs in step with the code.

    python scripts/i18n.py update   # extract, merge into da/en, fill English, report
    python scripts/i18n.py compile  # build the .mo files (run by make install)
    python scripts/i18n.py check    # exit 1 when anything is untranslated or fuzzy

English msgids are the source; the English catalog repeats them, the Danish one
translates them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"
LANGUAGES = ("da", "en")


def _babel(*args: str) -> None:
    subprocess.run(  # noqa: S603 - our own interpreter with fixed arguments
        [sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT, check=True)


def _po(lang: str) -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"


def extract() -> None:
    _babel("extract", "-F", "pyproject.toml", "-k", "_l", "-k", "N_", "--no-location",
           "--sort-output", "--ignore-dirs=.venv tests bench build", "-o", str(POT),
           "portal", "forms")


def update() -> None:
    extract()
    for lang in LANGUAGES:
        if _po(lang).exists():
            _babel("update", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", lang,
                   "--no-fuzzy-matching", "--ignore-obsolete")
        else:
            _babel("init", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", lang)
    fill_english()
    report()


def fill_english() -> None:
    """English is the source language: every English msgstr is its msgid."""
    with _po("en").open("rb") as fh:
        catalog = read_po(fh, locale="en")
    for message in catalog:
        if not message.id:
            continue
        message.string = message.id
        message.flags.discard("fuzzy")
    with _po("en").open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, no_location=True)


def problems(lang: str) -> list[str]:
    with _po(lang).open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    bad = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            bad.append(message.id if isinstance(message.id, str) else message.id[0])
    return bad


def report() -> int:
    failures = 0
    for lang in LANGUAGES:
        bad = problems(lang)
        print(f"{lang}: {len(bad)} untranslated or fuzzy")
        failures += len(bad)
    return failures


def compile_catalogs() -> None:
    _babel("compile", "-d", str(TRANSLATIONS), "--statistics")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "update"
    if command == "update":
        update()
    elif command == "compile":
        compile_catalogs()
    elif command == "check":
        sys.exit(1 if report() else 0)
    else:
        sys.exit(__doc__)
