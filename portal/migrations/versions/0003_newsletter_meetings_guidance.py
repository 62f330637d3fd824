"""newsletter issues and sections, guidance items (loaded from content/guidance.toml), meetings

Revision ID: 0003
Revises: 0002
"""

import tomllib
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

GUIDANCE_TOML = Path(__file__).resolve().parents[2] / "content" / "guidance.toml"
MEETING_STATUSES = ("requested", "confirmed", "proposed", "declined", "cancelled")


def upgrade():
    op.create_table(
        "newsletter_issues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_newsletter_issues_created_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_newsletter_issues")),
        sa.UniqueConstraint("year", "number", name=op.f("uq_newsletter_issues_year")),
    )
    with op.batch_alter_table("newsletter_issues", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_newsletter_issues_published_at"),
                              ["published_at"], unique=False)

    op.create_table(
        "newsletter_sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("heading", sa.String(length=200), nullable=False),
        sa.Column("body_md", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["issue_id"], ["newsletter_issues.id"],
                                name=op.f("fk_newsletter_sections_issue_id_newsletter_issues"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_newsletter_sections")),
    )
    with op.batch_alter_table("newsletter_sections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_newsletter_sections_issue_id"), ["issue_id"],
                              unique=False)

    guidance = op.create_table(
        "guidance_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("title_da", sa.String(length=200), nullable=False),
        sa.Column("body_da", sa.Text(), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("body_en", sa.Text(), nullable=False),
        sa.Column("contexts", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"],
                                name=op.f("fk_guidance_items_updated_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guidance_items")),
        sa.UniqueConstraint("key", name=op.f("uq_guidance_items_key")),
    )

    op.create_table(
        "meeting_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("topic", sa.String(length=500), nullable=False),
        sa.Column("preferred_times", sa.Text(), nullable=False),
        sa.Column("status", sa.Enum(*MEETING_STATUSES, name="meetingstatus", native_enum=False,
                                    length=32), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("agency_message", sa.Text(), nullable=False),
        sa.Column("handled_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["handled_by_id"], ["users.id"],
                                name=op.f("fk_meeting_requests_handled_by_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipalities.id"],
                                name=op.f("fk_meeting_requests_municipality_id_municipalities")),
        sa.ForeignKeyConstraint(["requested_by_id"], ["users.id"],
                                name=op.f("fk_meeting_requests_requested_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_requests")),
    )
    with op.batch_alter_table("meeting_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_requests_municipality_id"),
                              ["municipality_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_requests_requested_by_id"),
                              ["requested_by_id"], unique=False)

    # The good-to-know rules are reference content: every installation starts with them.
    with GUIDANCE_TOML.open("rb") as fh:
        items = tomllib.load(fh)["item"]
    now = datetime.now(UTC)
    op.bulk_insert(guidance, [
        {"key": item["key"], "title_da": item["title_da"], "body_da": item["body_da"],
         "title_en": item["title_en"], "body_en": item["body_en"],
         "contexts": list(item["contexts"]), "source": item["source"], "updated_at": now,
         "updated_by_id": None}
        for item in items
    ])


def downgrade():
    with op.batch_alter_table("meeting_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_requests_requested_by_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_requests_municipality_id"))
    op.drop_table("meeting_requests")
    op.drop_table("guidance_items")
    with op.batch_alter_table("newsletter_sections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_newsletter_sections_issue_id"))
    op.drop_table("newsletter_sections")
    with op.batch_alter_table("newsletter_issues", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_newsletter_issues_published_at"))
    op.drop_table("newsletter_issues")
