"""Counting the SQL statements of a GET, for the tests that keep pages from growing N+1s."""

from __future__ import annotations

from sqlalchemy import event

from portal.extensions import db


def statements_of_get(app, client, url: str):
    """(statements, response) of a GET of `url`, after an identical warm-up GET.

    The page is counted twice and the smaller count kept: an N+1 shows in both, while the
    session's once-a-minute "last seen" update cannot tip one side.
    """
    warm = client.get(url)
    assert warm.status_code == 200, f"{url} answered {warm.status_code}"
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    counts = []
    for _ in range(2):
        statements.clear()
        event.listen(engine, "before_cursor_execute", count)
        try:
            response = client.get(url)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        counts.append(len(statements))
    return min(counts), response
