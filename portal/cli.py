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
