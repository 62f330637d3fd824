"""Friendly error pages in both languages; never a traceback."""

from __future__ import annotations

import logging
import time

from flask import g, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.extensions import db, limiter
from portal.services.accounts import audit_reads

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("The request could not be understood"),
          _l("Something in what was sent was not as expected. Go back and try again.")),
    403: (_l("You do not have access to this page"),
          _l("Your role does not give access to this page. If you think it should, "
             "contact your administrator.")),
    404: (_l("Page not found"),
          _l("The page does not exist, or you do not have access to it. Check the address, "
             "or go back to your start page.")),
    405: (_l("This action is not possible here"),
          _l("The page cannot be used in this way. Go back and try again.")),
    409: (_l("Saved by someone else at the same moment"),
          _l("The same thing was saved twice at the same moment, for example by a double "
             "click or in two tabs. The first save was kept and nothing is lost. Reload the "
             "page to see the current state.")),
    413: (_l("The file is too large"),
          _l("The file you tried to upload is larger than the portal accepts. Make it "
             "smaller, for example by scanning in lower resolution, and try again.")),
    429: (_l("Too many attempts"),
          _l("There have been too many attempts in a short time. Wait a few minutes and "
             "try again.")),
    500: (_l("Something went wrong on our side"),
          _l("The error has been logged. Nothing you sent has been saved halfway. "
             "Try again in a moment; if it keeps happening, call the hotline.")),
    503: (_l("The portal is temporarily unavailable"),
          _l("Try again in a few minutes.")),
}


#: The 413 page of a post that carried no file: what was sent was too large, not a file.
TOO_LARGE_FORM = (_l("What you sent is too large"),
                  _l("The form you sent is larger than the portal accepts. Shorten the text "
                     "and try again."))


def render_error(code: int, *, title=None, message=None):
    default_title, default_message = MESSAGES.get(code, MESSAGES[500])
    g.rollback = code >= 500
    return (
        render_template(
            "errors/error.html",
            code=code,
            title=title or default_title,
            message=message or default_message,
        ),
        code,
    )


def retry_after() -> int | None:
    """Seconds until every limit this request broke lets the next attempt through."""
    resets = [limit.reset_at for limit in limiter.current_limits if limit.breached]
    return max(1, int(max(resets) - time.time())) if resets else None


def conflict_response():
    """A 409 page as a response object (used where the commit itself found the conflict)."""
    body, code = render_error(409)
    return make_response(body, code)


def register(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        # A fixed page: nothing that was posted is shown back (a CPR number, a name), since
        # the post may not have come from the user at all.
        return render_template("errors/csrf.html", code=400), 400

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code is None or error.code < 400:
            return error
        if error.code == 413 and request.mimetype != "multipart/form-data":
            title, message = TOO_LARGE_FORM  # only an upload hears about files
            return render_error(413, title=title, message=message)
        if error.code == 403:
            audit_reads.record_refusal()
        if error.code == 429:
            wait = retry_after()
            body, code = render_error(429)
            return body, code, {"Retry-After": str(wait)} if wait else {}
        return render_error(error.code)

    @app.errorhandler(Exception)
    def unhandled(error):
        if isinstance(error, HTTPException):
            return http_error(error)
        # A failed flush leaves the session unusable; the error page needs it (current_user).
        db.session.rollback()
        if isinstance(error, StaleDataError):
            log.info("Concurrent save refused on %s %s", request.method, request.path)
            g.rollback = True
            body, code = render_error(409)
            g.rollback = True
            return body, code
        log.exception("Unhandled error on %s %s", request.method, request.path)
        return render_error(InternalServerError.code)
