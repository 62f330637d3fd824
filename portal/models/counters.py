"""Keep request_status_counts in step with every insert, delete and status change."""

from __future__ import annotations

from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session

from portal.models.requests import Request, RequestStatusCount


def _bump(connection, kind, status, delta: int) -> None:
    connection.execute(
        update(RequestStatusCount)
        .where(RequestStatusCount.kind == kind, RequestStatusCount.status == status)
        .values(count=RequestStatusCount.count + delta)
    )


@event.listens_for(Request, "after_insert")
def _after_insert(_mapper, connection, target):
    _bump(connection, target.kind, target.status, 1)


@event.listens_for(Request, "after_delete")
def _after_delete(_mapper, connection, target):
    _bump(connection, target.kind, target.status, -1)


@event.listens_for(Request, "after_update")
def _after_update(_mapper, connection, target):
    history = inspect(target).attrs.status.history
    if history.deleted and history.added and history.deleted[0] != history.added[0]:
        _bump(connection, target.kind, history.deleted[0], -1)
        _bump(connection, target.kind, history.added[0], 1)


def recount(session: Session) -> None:
    """Rebuild the counters from the table (after bulk loads or retention deletes)."""
    from sqlalchemy import func

    from portal.models.requests import RequestKind, Status

    actual = {
        (kind, status): n
        for kind, status, n in session.execute(
            select(Request.kind, Request.status, func.count()).group_by(
                Request.kind, Request.status
            )
        )
    }
    existing = {(c.kind, c.status): c for c in session.scalars(select(RequestStatusCount))}
    for kind in RequestKind:
        for status in Status:
            row = existing.get((kind, status))
            if row is None:
                row = RequestStatusCount(kind=kind, status=status, count=0)
                session.add(row)
            row.count = actual.get((kind, status), 0)
