"""The audit log's own retention: the one way rows leave the append-only log.

Migration 0013 makes the database refuse UPDATE and DELETE on the audit tables. On
PostgreSQL the rows older than the cutoff leave only through the SECURITY DEFINER function
`audit_retention_purge(cutoff)`, which deletes them and writes an `audit_retention_purge` row
itself. On SQLite the trigger lets a DELETE through only while `audit_purge_running` is set
in this process, which only `purge` does, and `purge` writes the same row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, text

from portal.db import audit_purge_running
from portal.extensions import db
from portal.models import AuditEvent, AuditSubject
from portal.services.accounts import audit

PURGE_ACTION = "audit_retention_purge"


def count_due(cutoff: datetime) -> int:
    return db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.created_at < cutoff)) or 0


def purge(cutoff: datetime) -> int:
    """Delete the audit rows older than `cutoff` and audit that; the caller commits."""
    if db.session.get_bind().dialect.name == "postgresql":
        return int(db.session.scalar(text("SELECT audit_retention_purge(:cutoff)"),
                                     {"cutoff": cutoff}) or 0)
    old = select(AuditEvent.id).where(AuditEvent.created_at < cutoff)
    subjects, events = AuditSubject.__table__, AuditEvent.__table__
    db.session.flush()
    # On the connection, past the session's refusal of bulk changes (audit.py), on purpose.
    connection = db.session.connection()
    token = audit_purge_running.set(True)
    try:
        connection.execute(delete(subjects).where(subjects.c.event_id.in_(old)))
        removed = connection.execute(delete(events).where(events.c.created_at < cutoff)).rowcount
    finally:
        audit_purge_running.reset(token)
    audit.record(PURGE_ACTION, user=None, detail=f"before={cutoff:%Y-%m-%d} rows={removed}")
    return removed
