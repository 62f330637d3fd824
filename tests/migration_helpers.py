"""Rows for migration tests, written with plain SQL against the schema of one revision."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa


def insert_row(conn, table_name: str, **values) -> int:
    """A row with the given values; other required columns get a neutral value, so the test
    does not depend on columns later migrations add (today's models may not fit an old
    revision)."""
    table = sa.Table(table_name, sa.MetaData(), autoload_with=conn)
    for column in table.columns:
        if column.name in values or column.nullable or column.primary_key:
            continue
        python_type = getattr(column.type, "python_type", str)
        values[column.name] = {int: 0, bool: False, str: "", date: date(1990, 1, 1),
                               datetime: datetime(2026, 1, 1, tzinfo=UTC)}.get(python_type, "")
    return conn.execute(table.insert().values(**values)).inserted_primary_key[0]
