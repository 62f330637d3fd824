"""the audit log append-only in the database; audit rows tied to several persons

Issue 18, findings 3 and 14:

- `audit_event_subjects` ties one audit row to further cases and persons (a DRC look-up with
  several results), so the per-person "who looked me up" export finds it.
- PostgreSQL: a trigger refuses UPDATE and DELETE on `audit_events` and
  `audit_event_subjects`, and TRUNCATE of both. The only way rows leave is
  `audit_retention_purge(cutoff)`, a SECURITY DEFINER function that deletes the rows older
  than the cutoff, inside it only, and writes an `audit_retention_purge` row saying how many.
  The trigger lets a DELETE through only while the transaction-local setting
  `portal.audit_purge` is 'on', which the function sets and clears around its own DELETE.
- SQLite: triggers refuse UPDATE always, and DELETE unless the connection's
  `portal_audit_purge_allowed()` function (registered by the portal on each connection, see
  `portal.db.configure_sqlite`) says the retention purge is running. A client without that
  function (the sqlite3 shell) cannot delete either. A later migration that rebuilds
  `audit_events` with batch_alter_table must create these triggers again.

Revision ID: 0013
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0011"
branch_labels = None
depends_on = None

TABLES = ("audit_events", "audit_event_subjects")

PG_UPGRADE = [
    """
    CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' AND current_setting('portal.audit_purge', true) = 'on' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION USING
            MESSAGE = 'the audit log is append-only: ' || TG_OP || ' on ' || TG_TABLE_NAME
                      || ' refused',
            ERRCODE = 'insufficient_privilege',
            HINT = 'rows leave only through audit_retention_purge(cutoff)';
    END
    $$
    """,
    *(f"""
    CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()
    """ for table in TABLES),
    *(f"""
    CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()
    """ for table in TABLES),
    """
    CREATE FUNCTION audit_retention_purge(cutoff timestamptz) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
    DECLARE
        removed integer;
    BEGIN
        PERFORM set_config('portal.audit_purge', 'on', true);
        DELETE FROM audit_event_subjects
            WHERE event_id IN (SELECT id FROM audit_events WHERE created_at < cutoff);
        DELETE FROM audit_events WHERE created_at < cutoff;
        GET DIAGNOSTICS removed = ROW_COUNT;
        PERFORM set_config('portal.audit_purge', 'off', true);
        INSERT INTO audit_events (created_at, user_email, role, organisation, case_reference,
                                  action, detail, ip_address)
        VALUES (now(), '', 'system', '', '', 'audit_retention_purge',
                'before=' || to_char(cutoff AT TIME ZONE 'UTC', 'YYYY-MM-DD')
                || ' rows=' || removed, '');
        RETURN removed;
    END
    $$
    """,
    "COMMENT ON FUNCTION audit_retention_purge(timestamptz) IS "
    "'The only way audit rows leave: deletes the rows older than cutoff and audits it.'",
]

PG_DOWNGRADE = [
    "DROP FUNCTION IF EXISTS audit_retention_purge(timestamptz)",
    *(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}" for table in TABLES),
    *(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}" for table in TABLES),
    "DROP FUNCTION IF EXISTS audit_refuse_change()",
]

SQLITE_UPGRADE = [
    *(f"""
    CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused'); END
    """ for table in TABLES),
    *(f"""
    CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
    WHEN portal_audit_purge_allowed() = 0
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: DELETE refused'); END
    """ for table in TABLES),
]

SQLITE_DOWNGRADE = [
    *(f"DROP TRIGGER IF EXISTS {table}_no_update" for table in TABLES),
    *(f"DROP TRIGGER IF EXISTS {table}_no_delete" for table in TABLES),
]


def upgrade():
    op.create_table(
        "audit_event_subjects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["audit_events.id"],
                                name=op.f("fk_audit_event_subjects_event_id_audit_events")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event_subjects")),
    )
    op.create_index("ix_audit_event_subjects_person", "audit_event_subjects", ["person_id"])
    op.create_index(op.f("ix_audit_event_subjects_event_id"), "audit_event_subjects",
                    ["event_id"])
    dialect = op.get_bind().dialect.name
    for statement in {"postgresql": PG_UPGRADE, "sqlite": SQLITE_UPGRADE}.get(dialect, []):
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    for statement in {"postgresql": PG_DOWNGRADE, "sqlite": SQLITE_DOWNGRADE}.get(dialect, []):
        op.execute(statement)
    op.drop_index(op.f("ix_audit_event_subjects_event_id"), table_name="audit_event_subjects")
    op.drop_index("ix_audit_event_subjects_person", table_name="audit_event_subjects")
    op.drop_table("audit_event_subjects")
