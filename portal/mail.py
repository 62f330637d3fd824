"""Outgoing e-mail: queued during the request, sent only after the commit succeeded."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, g, has_request_context

log = logging.getLogger(__name__)


def absolute_url(endpoint: str, anchor: str | None = None, **values) -> str:
    """A link for an e-mail: PUBLIC_BASE_URL (the portal's public address, which a CLI job
    or a server behind a proxy cannot know from a request) and the endpoint's path, built
    from the URL map so it works outside a request too."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return f"{base}{path}#{anchor}" if anchor else f"{base}{path}"


def send(to: str | list[str], subject: str, body: str) -> None:
    """Queue a plain-text mail. Bodies carry references and links, never a CPR or a name."""
    recipients = [to] if isinstance(to, str) else [r for r in to if r]
    if not recipients:
        return
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="repatrieringsportalen.dk")
    message.set_content(body)
    if has_request_context():
        g.setdefault("outbox", []).append(message)
    else:
        deliver([message])


def flush_outbox() -> None:
    outbox = g.pop("outbox", [])
    if outbox:
        deliver(outbox)


def deliver(messages: list[EmailMessage]) -> None:
    config = current_app.config
    if config["MAIL_BACKEND"] == "console":
        for message in messages:
            log.info("E-mail (console backend):\n%s", message.as_string())
        return
    if config["MAIL_BACKEND"] == "null":
        return
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            for message in messages:
                smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        # The change is committed; a mail server outage must not turn it into an error page.
        log.exception("Could not deliver %d e-mail(s)", len(messages))
