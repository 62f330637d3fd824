"""The "good to know" texts by key, in the reader's language.

Read from the database (GuidanceItem rows, loaded by migration 0003 and edited by agency
staff). A key with no row falls back to portal/content/guidance.toml, so a help text never
disappears from a form; outside an app context only the file is read.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import has_app_context
from flask_babel import get_locale
from markupsafe import Markup

from portal.services.markdown import to_html

GUIDANCE_FILE = Path(__file__).resolve().parents[1] / "content" / "guidance.toml"


@dataclass(frozen=True)
class Guidance:
    key: str
    title: str
    body_html: Markup


@lru_cache(maxsize=1)
def _items() -> dict[str, dict]:
    with GUIDANCE_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    return {item["key"]: item for item in data.get("item", [])}


def _locale() -> str:
    try:
        return str(get_locale() or "da")
    except RuntimeError:  # outside a request
        return "da"


def _rows(keys) -> dict[str, dict]:
    """Database rows as dicts like the file's items; {} when there is no database at hand."""
    if not has_app_context():
        return {}
    from portal.services.guidance import items_by_key

    return {key: {"title_da": row.title_da, "title_en": row.title_en, "body_da": row.body_da,
                  "body_en": row.body_en} for key, row in items_by_key(keys).items()}


def _build(key: str, item: dict, lang: str) -> Guidance:
    title = item.get(f"title_{lang}") or item.get("title_da", "")
    body = item.get(f"body_{lang}") or item.get("body_da", "")
    return Guidance(key=key, title=title, body_html=to_html(body))


def many(*keys: str, locale: str | None = None) -> list[Guidance]:
    """Help texts in the order asked for; unknown keys are left out."""
    lang = (locale or _locale())[:2]
    rows = _rows(keys)
    result = []
    for key in keys:
        item = rows.get(key) or _items().get(key)
        if item is not None:
            result.append(_build(key, item, lang))
    return result


def get(key: str, locale: str | None = None) -> Guidance | None:
    """One help text, or None when the key is unknown (a missing text never breaks a page)."""
    found = many(key, locale=locale)
    return found[0] if found else None
