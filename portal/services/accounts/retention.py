"""Data retention: cases closed longer than the retention period lose their personal data.

The case row stays (reference, municipality, kind, dates) so statistics and the audit log
keep their meaning; persons are anonymised, and requests, attachments and their file
contents are deleted. Open cases are never touched. Audit rows older than their own period
leave through the audited database function (`audit_retention.purge`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from portal.db import utcnow
from portal.extensions import db
from portal.models import Attachment, Case
from portal.models.counters import recount
from portal.services.accounts import audit, audit_retention

ANONYMISED_NAME = "Anonymiseret"


@dataclass(frozen=True)
class RetentionResult:
    cutoff: datetime
    cases: int
    persons: int
    requests: int
    attachments: int
    dry_run: bool
    audit_events: int = 0


def due_cases(days: int, *, now: datetime | None = None) -> tuple[datetime, list[Case]]:
    cutoff = (now or utcnow()) - timedelta(days=days)
    cases = db.session.scalars(
        select(Case).where(Case.closed_at.is_not(None), Case.closed_at < cutoff,
                           Case.anonymised_at.is_(None))
        .order_by(Case.id)
    ).all()
    return cutoff, list(cases)


def apply(days: int, *, dry_run: bool = False, audit_days: int | None = None) -> RetentionResult:
    """Anonymise the due cases (or only count them with dry_run), and with `audit_days`
    purge the audit rows older than that; the caller commits."""
    if days < 1 or (audit_days is not None and audit_days < 1):
        raise ValueError("the retention period must be at least one day")
    now = utcnow()
    audit_events = 0
    if audit_days is not None:
        audit_cutoff = now - timedelta(days=audit_days)
        audit_events = (audit_retention.count_due(audit_cutoff) if dry_run
                        else audit_retention.purge(audit_cutoff))
    cutoff, cases = due_cases(days, now=now)
    totals = {"persons": 0, "requests": 0, "attachments": 0}
    for case in cases:
        attachments = db.session.scalars(
            select(Attachment).where(Attachment.case_id == case.id)).all()
        totals["persons"] += len(case.persons)
        totals["requests"] += len(case.requests)
        totals["attachments"] += len(attachments)
        if dry_run:
            continue
        for attachment in attachments:
            db.session.delete(attachment)  # the blob goes with it (cascade)
        n_requests = len(case.requests)
        for request_obj in list(case.requests):
            db.session.delete(request_obj)
        for person in case.persons:
            person.full_name = ANONYMISED_NAME
            person.cpr = None
            person.passport_number = ""
            person.passport_expiry = None
            person.phone = ""
        case.anonymised_at = now
        # Only ids and the reference: the audit row itself holds no personal data.
        audit.record("retention_anonymised", case=case,
                     detail=f"requests={n_requests} attachments={len(attachments)}")
    if not dry_run and cases:
        db.session.flush()
        recount(db.session)
    return RetentionResult(cutoff=cutoff, cases=len(cases), dry_run=dry_run,
                           audit_events=audit_events, **totals)
