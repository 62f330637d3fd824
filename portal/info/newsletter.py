"""The agency's newsletter, contacts, routes, meetings and guidance.

This module holds the blueprint, the newsletter itself and the Jinja globals other areas use
(`latest_newsletter()`, `upcoming_meetings()`, `guidance_items(keys)`, `offered_routes()`);
meetings and the information pages live in the sibling modules that register on `bp`.

The Atom feed is public on purpose: the newsletter is the agency's public information to the
municipalities, it holds no personal data, and feed readers cannot log in. Everything else
needs a login.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.auth.access import roles_required
from portal.forms.newsletter import ConfirmForm, IssueForm, NotifyForm
from portal.info import bp
from portal.main.conflicts import refuse_stale
from portal.models import Role
from portal.security import page_number
from portal.services.information import newsletter as service
from portal.services.versioning import StaleEdit

ERRORS = {
    "number_taken": lambda: _("An issue with this number and year exists already."),
    "already_published": lambda: _("This issue is published already."),
    "no_sections": lambda: _("An issue needs at least one section before it is published."),
}


@bp.app_context_processor
def newsletter_globals():
    """Globals for the start pages of every area; evaluated only where a template calls them."""
    from portal.services.information import contacts, guidance, markdown, meetings
    from portal.services.reference import flight_routes

    def latest_newsletter():
        if not current_user.is_authenticated:
            return None
        return service.latest_teaser()

    def upcoming_meetings(limit: int = 5):
        if not current_user.is_authenticated:
            return []
        return meetings.upcoming_for(current_user, limit)

    def guidance_items(keys):
        from portal.services.information import guidance

        return guidance.texts(*keys)

    return {
        "latest_newsletter": latest_newsletter,
        "newsletter_teaser": service.teaser,
        "upcoming_meetings": upcoming_meetings,
        "guidance_items": guidance_items,
        "guidance_contexts": guidance.CONTEXTS,
        "offered_routes": flight_routes.offered_routes,
        "markdown": markdown.to_html,
        "footer_contact": contacts.footer_card,
    }


def _page() -> int:
    return page_number()


# --- agency: write, preview, publish -------------------------------------------------------

@bp.route("/newsletter/manage")
@roles_required(Role.AGENCY)
def manage():
    issues, total = service.all_issues(_page())
    return render_template("newsletter/manage.html", issues=issues, total=total, page=_page(),
                           per_page=service.PAGE_SIZE)


def _issue_input(form: IssueForm) -> service.IssueInput:
    return service.IssueInput(
        number=form.number.data, year=form.year.data, title=form.title.data,
        sections=[service.SectionInput(**s) for s in form.kept_sections()])


def _edit_form(form: IssueForm, issue=None):
    """Shared by new and edit: add a section, or validate and save."""
    if request.method == "POST" and "add_section" in request.form:
        form.sections.append_entry()
        return render_template("newsletter/edit.html", form=form, issue=issue)
    status = 200
    if form.validate_on_submit():
        try:
            if issue is None:
                issue = service.create_issue(_issue_input(form), current_user)
            else:
                service.update_issue(issue, _issue_input(form), current_user,
                                     expected_version=form.version.data or "")
        except StaleEdit as exc:
            status = refuse_stale(form, exc)
        except service.NewsletterError as exc:
            target = form.number if str(exc) == "number_taken" else None
            message = ERRORS[str(exc)]()
            (target.errors.append(message) if target is not None
             else form.form_errors.append(message))
        else:
            if issue.is_published:
                flash(_("The correction has been published. Subscribers are not e-mailed "
                        "again."), "success")
                return redirect(url_for("info.issue", issue_id=issue.id))
            flash(_("The issue has been saved as a draft."), "success")
            return redirect(url_for("info.preview", issue_id=issue.id))
    return render_template("newsletter/edit.html", form=form, issue=issue), status


@bp.route("/newsletter/manage/new", methods=["GET", "POST"])
@roles_required(Role.AGENCY)
def new():
    return _edit_form(IssueForm())


@bp.route("/newsletter/manage/<int:issue_id>", methods=["GET", "POST"])
@roles_required(Role.AGENCY)
def edit(issue_id: int):
    issue = service.get_issue(issue_id, published_only=False) or abort(404)
    form = IssueForm(obj=None if request.method == "POST" else issue)
    if request.method == "GET":
        form.version.data = str(issue.version_id)
        form.sections.entries.clear()
        form.sections.last_index = -1
        for section in issue.sections:
            form.sections.append_entry({"heading": section.heading, "body_md": section.body_md,
                                        "position": section.position + 1})
    return _edit_form(form, issue)


@bp.route("/newsletter/manage/<int:issue_id>/preview")
@roles_required(Role.AGENCY)
def preview(issue_id: int):
    issue = service.get_issue(issue_id, published_only=False) or abort(404)
    return render_template("newsletter/preview.html", issue=issue, confirm_form=ConfirmForm())


@bp.route("/newsletter/manage/<int:issue_id>/publish", methods=["POST"])
@roles_required(Role.AGENCY)
def publish(issue_id: int):
    issue = service.get_issue(issue_id, published_only=False) or abort(404)
    if ConfirmForm().validate_on_submit():
        try:
            mailed = service.publish(issue, current_user)
        except service.NewsletterError as exc:
            flash(ERRORS[str(exc)](), "error")
            return redirect(url_for("info.preview", issue_id=issue.id))
        flash(_("The issue has been published. %(count)d subscriber(s) will get an e-mail.",
                count=mailed), "success")
        return redirect(url_for("info.issue", issue_id=issue.id))
    return redirect(url_for("info.preview", issue_id=issue.id))


# --- everyone logged in: archive, issue, feed, settings -------------------------------------

@bp.route("/newsletter/")
@login_required
def archive():
    issues, total = service.published_issues(_page())
    return render_template("newsletter/archive.html", issues=issues, total=total, page=_page(),
                           per_page=service.PAGE_SIZE)


@bp.route("/newsletter/<int:issue_id>")
@login_required
def issue(issue_id: int):
    issue = service.get_issue(issue_id) or abort(404)
    return render_template("newsletter/issue.html", issue=issue)


@bp.route("/newsletter/feed.atom")
def feed():
    issues, _total = service.published_issues(1, per_page=20)
    body = service.atom_feed(
        issues,
        feed_url=url_for("info.feed", _external=True),
        site_url=url_for("info.archive", _external=True),
        issue_link=lambda i: url_for("info.issue", issue_id=i.id, _external=True),
        title=_("News from the Danish Return Agency"),
    )
    return Response(body, mimetype="application/atom+xml")


@bp.route("/newsletter/settings", methods=["GET", "POST"])
@roles_required(Role.CASEWORKER)
def settings():
    form = NotifyForm(notify=current_user.notify_newsletter)
    if form.validate_on_submit():
        service.set_notify(current_user, form.notify.data)
        flash(_("You will get an e-mail when a new issue is published.") if form.notify.data
              else _("You will no longer get e-mails about new issues."), "success")
        return redirect(url_for("info.settings"))
    return render_template("newsletter/settings.html", form=form)
