"""The good-to-know rules: kept once as data, edited by agency staff, shown in context."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from portal.db import utcnow
from portal.extensions import db
from portal.models import GuidanceItem, Role, User
from portal.services import audit

GUIDANCE_FILE = Path(__file__).resolve().parents[1] / "content" / "guidance.toml"

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


def items_for_context(context: str) -> list[GuidanceItem]:
    return [item for item in all_items() if context in (item.contexts or [])]


def get_item(key: str) -> GuidanceItem | None:
    return db.session.scalar(select(GuidanceItem).where(GuidanceItem.key == key))


def update_item(item: GuidanceItem, data: GuidanceInput, actor: User) -> GuidanceItem:
    if actor.role is not Role.AGENCY:
        raise PermissionError("only agency staff edit the guidance")
    item.title_da, item.body_da = data.title_da.strip(), data.body_da.strip()
    item.title_en, item.body_en = data.title_en.strip(), data.body_en.strip()
    item.contexts = [c for c in CONTEXTS if c in data.contexts]
    item.source = data.source.strip()
    item.updated_at = utcnow()
    item.updated_by_id = actor.id
    db.session.flush()
    audit.record("guidance.updated", detail=f"key={item.key}", user=actor)
    return item
