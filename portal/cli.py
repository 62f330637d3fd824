"""Command-line commands: `flask --app wsgi load-demo` and friends."""

from __future__ import annotations

import click
from flask import current_app

from portal.extensions import db


def register(app) -> None:
    @app.cli.command("load-demo")
    def load_demo() -> None:
        """Load demo accounts and data (safe to run twice; refused in production)."""
        if current_app.config["ENV_MODE"] == "production":
            raise click.ClickException(
                "Demo data is refused in production mode (PORTAL_ENV=production)."
            )
        from portal.demo import load_all

        summary = load_all()
        db.session.commit()
        for line in summary:
            click.echo(line)

    @app.cli.command("send-reminders")
    def send_reminders() -> None:
        """Remind municipalities of the agency's unanswered questions (run daily by cron)."""
        from datetime import date

        from portal.services.processing import reminders

        count = reminders.send_reminders(date.today())
        db.session.commit()
        click.echo(f"Reminded the municipality on {count} request(s).")

    @app.cli.command("retention")
    @click.option("--days", type=click.IntRange(min=1), default=None,
                  help="Retention period in days (default: RETENTION_DAYS).")
    @click.option("--dry-run", is_flag=True, help="Only count what would be anonymised.")
    def retention(days: int | None, dry_run: bool) -> None:
        """Anonymise cases closed longer than the retention period; open cases are kept."""
        from portal.services.accounts import retention as service

        days = days or current_app.config["RETENTION_DAYS"]
        result = service.apply(days, dry_run=dry_run,
                               audit_days=current_app.config["AUDIT_RETENTION_DAYS"])
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
        verb = "Would anonymise" if dry_run else "Anonymised"
        click.echo(
            f"{verb} {result.cases} case(s) closed before {result.cutoff:%Y-%m-%d} "
            f"({days} days): {result.persons} person(s), {result.requests} request(s), "
            f"{result.attachments} attachment(s); {result.audit_events} audit row(s) older "
            f"than {current_app.config['AUDIT_RETENTION_DAYS']} days."
        )
