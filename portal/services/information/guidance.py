"""The good-to-know rules: kept once as data, edited by agency staff, shown in context.

The texts live in GuidanceItem rows (loaded from portal/content/guidance.toml by migration
0003, then edited by agency staff). A key with no row falls back to the file, so a help text
never disappears from a form; outside an app context only the file is read.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

from flask import has_app_context
from flask_babel import get_locale
from markupsafe import Markup
from sqlalchemy import select

from portal.db import utcnow
from portal.extensions import db
from portal.models import GuidanceItem, Role, User
from portal.services import versioning
from portal.services.accounts import audit
from portal.services.information.markdown import to_html

GUIDANCE_FILE = Path(__file__).resolve().parents[2] / "content" / "guidance.toml"

#: Where an item can be shown (the `contexts` list); the forms ask by these names.
CONTEXTS = ("flexible_payment", "departure", "cash", "recon_trip", "case", "routes",
            "after_departure")


@dataclass
class GuidanceInput:
    title_da: str
    body_da: str
    title_en: str
    body_en: str
    contexts: list[str]
    source: str = ""


@dataclass(frozen=True)
class Guidance:
    """One help text in the reader's language, ready for a page."""

    key: str
    title: str
    body_html: Markup


def toml_items() -> list[dict]:
    """The shipped rules (portal/content/guidance.toml), as the migration loaded them."""
    with GUIDANCE_FILE.open("rb") as handle:
        return list(tomllib.load(handle).get("item", []))


def load_from_toml() -> int:
    """Add the shipped items that are missing (by key); never overwrites an edited item."""
    existing = set(db.session.scalars(select(GuidanceItem.key)))
    added = 0
    for item in toml_items():
        if item["key"] in existing:
            continue
        db.session.add(GuidanceItem(
            key=item["key"], title_da=item["title_da"], body_da=item["body_da"],
            title_en=item["title_en"], body_en=item["body_en"],
            contexts=list(item["contexts"]), source=item.get("source", "")))
        added += 1
    db.session.flush()
    return added


def all_items() -> list[GuidanceItem]:
    return list(db.session.scalars(select(GuidanceItem).order_by(GuidanceItem.id)))


def items_by_key(keys) -> dict[str, GuidanceItem]:
    keys = list(keys)
    if not keys:
        return {}
    return {item.key: item for item in db.session.scalars(
        select(GuidanceItem).where(GuidanceItem.key.in_(keys)))}


def get_item(key: str) -> GuidanceItem | None:
    return db.session.scalar(select(GuidanceItem).where(GuidanceItem.key == key))


def update_item(item: GuidanceItem, data: GuidanceInput, actor: User, *,
                expected_version=None) -> GuidanceItem:
    if actor.role is not Role.AGENCY:
        raise PermissionError("only agency staff edit the guidance")
    if expected_version is not None:
        versioning.check(item, expected_version, asdict(data))
    item.title_da, item.body_da = data.title_da.strip(), data.body_da.strip()
    item.title_en, item.body_en = data.title_en.strip(), data.body_en.strip()
    item.contexts = [c for c in CONTEXTS if c in data.contexts]
    item.source = data.source.strip()
    item.updated_at = utcnow()
    item.updated_by_id = actor.id
    db.session.flush()
    audit.record("guidance.updated", detail=f"key={item.key}", user=actor)
    return item


def _locale() -> str:
    try:
        return str(get_locale() or "da")
    except RuntimeError:  # outside a request
        return "da"


def _texts_by_key(keys) -> dict[str, dict]:
    """The texts of these keys as dicts: database rows first, the shipped file for the rest."""
    found = {}
    if has_app_context():
        found = {key: {"title_da": row.title_da, "title_en": row.title_en,
                       "body_da": row.body_da, "body_en": row.body_en}
                 for key, row in items_by_key(keys).items()}
    if any(key not in found for key in keys):
        shipped = {item["key"]: item for item in toml_items()}
        found.update({key: shipped[key] for key in keys if key not in found and key in shipped})
    return found


def texts(*keys: str, locale: str | None = None) -> list[Guidance]:
    """Help texts in the order asked for; unknown keys are left out."""
    lang = (locale or _locale())[:2]
    items = _texts_by_key(keys)
    return [Guidance(key=key,
                     title=items[key].get(f"title_{lang}") or items[key].get("title_da", ""),
                     body_html=to_html(items[key].get(f"body_{lang}")
                                       or items[key].get("body_da", "")))
            for key in keys if key in items]


def text(key: str, locale: str | None = None) -> Guidance | None:
    """One help text, or None when the key is unknown (a missing text never breaks a page)."""
    found = texts(key, locale=locale)
    return found[0] if found else None
