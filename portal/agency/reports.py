"""Agency pages across requests: bulk rebooking, pending payouts, statistics and CSV."""

from __future__ import annotations

from datetime import date

from flask import Response, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.agency import bp
from portal.auth.access import roles_required
from portal.forms.agency import BulkRebookForm, MarkPaidForm, RouteChoiceForm, StatisticsForm
from portal.forms.fields import whole_number
from portal.models import Role
from portal.services.accounts.audit_reads import audited
from portal.services.processing import ledger, payouts, queue, rebooking, stats
from portal.services.processing.actions import ProcessingError


@bp.route("/workload")
@roles_required(Role.AGENCY)
def workload():
    """Open requests per colleague: who has what, what needs action, what is overdue."""
    return render_template("agency/workload.html", shares=queue.workload())


def _route_choices(routes):
    return [(r.id, r.label if r.active else _("%(route)s (suspended)", route=r.label))
            for r in routes]


@bp.route("/rebooking", methods=["GET", "POST"], endpoint="rebooking")
@roles_required(Role.AGENCY)
def rebooking_page():
    """Choose the bookings a disruption hits, see them, then move them in one step."""
    routes = rebooking.routes()
    choice = RouteChoiceForm(request.args)
    choice.route.choices = _route_choices(routes)
    form = BulkRebookForm()
    selection = None
    if request.method == "POST":
        route_id = whole_number(form.route.data)
        if route_id is not None:
            selection = rebooking.Selection(route_id, form.flight.data or "",
                                            _day(form.date_from.data), _day(form.date_to.data))
    elif request.args.get("route") and choice.validate():
        selection = rebooking.Selection(choice.route.data, choice.flight.data or "",
                                        choice.date_from.data, choice.date_to.data)
    route = next((r for r in routes if selection and r.id == selection.route_id), None)
    bookings = rebooking.bookings_on(selection) if route else []
    if request.method == "POST" and route is not None and form.validate_on_submit():
        ids = [n for x in (form.request_ids.data or "").split(",")
               if (n := whole_number(x)) is not None]
        try:
            result = rebooking.rebook(selection, current_user, note=form.note.data,
                                      expected_ids=ids)
        except ProcessingError as exc:
            g.rollback = True  # all bookings move, or none
            form.form_errors.append(str(exc))
        else:
            flash(_("%(count)d bookings moved back to approved for rebooking; "
                    "%(municipalities)d municipalities have been told by e-mail.",
                    count=result.moved, municipalities=result.municipalities), "success")
            return redirect(url_for("agency.rebooking"))
    if route is not None and request.method == "GET":
        form.route.data = str(route.id)
        form.flight.data = selection.flight
        form.date_from.data = selection.date_from.isoformat() if selection.date_from else ""
        form.date_to.data = selection.date_to.isoformat() if selection.date_to else ""
        form.request_ids.data = ",".join(str(r.id) for r in bookings)
    return render_template("agency/rebooking.html", choice=choice, form=form, route=route,
                           bookings=bookings, routes=routes,
                           what=selection.describe(route) if route else "",
                           to_book_again=rebooking.awaiting_new_booking())


def _day(text: str | None) -> date | None:
    """A date carried in a hidden field (ISO), or None."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _render_payouts(bound: tuple[int, MarkPaidForm] | None = None):
    pending = payouts.pending()
    forms = {p.id: MarkPaidForm(formdata=None, prefix=f"paid-{p.id}") for p in pending}
    summary = list(forms.values())
    if bound is not None:
        if bound[0] in forms:
            forms[bound[0]] = bound[1]
        summary = [bound[1]]  # its errors at the top, whether or not its row is still there
    total = sum((p.amount for p in pending), start=0)
    return render_template("agency/payouts.html", pending=pending, total=total, forms=forms,
                           summary=summary, follow_up=ledger.to_follow_up())


@bp.route("/payouts", endpoint="payouts")
@roles_required(Role.AGENCY)
@audited("view_payouts")
def payouts_page():
    """Waiting payments, and the payouts on cancelled or annulled requests to follow up."""
    return _render_payouts()


@bp.route("/payouts/<int:payout_id>/paid", methods=["POST"], endpoint="mark_paid")
@roles_required(Role.AGENCY)
def mark_paid(payout_id: int):
    """A waiting payment is cleared with the date paid, a reference and a confirmation."""
    form = MarkPaidForm(prefix=f"paid-{payout_id}")
    if form.validate_on_submit():
        try:
            payouts.mark_paid(payout_id, current_user, paid_on=form.paid_on.data,
                              reference=form.reference.data)
        except payouts.PayoutError as exc:
            g.rollback = True
            form.form_errors.append(str(exc))
        else:
            flash(_("The payout has been marked as paid."), "success")
            return redirect(url_for("agency.payouts"))
    return _render_payouts((payout_id, form))


def _year() -> int | None:
    form = StatisticsForm(request.args)
    form.year.choices = [(y, str(y)) for y in range(2019, 2101)]
    return form.year.data if request.args.get("year") and form.validate() else None


@bp.route("/statistics")
@roles_required(Role.AGENCY)
def statistics():
    result = stats.compute(_year())
    form = StatisticsForm(request.args)
    form.year.choices = [(y, str(y)) for y in result.years]
    form.year.data = result.year
    bars, top = stats.bar_chart(result.per_month)
    return render_template("agency/statistics.html", stats=result, form=form, bars=bars,
                           top=top)


@bp.route("/statistics.csv")
@roles_required(Role.AGENCY)
def statistics_csv():
    result = stats.compute(_year())
    filename = f"repatriering-statistik-{result.year}.csv"
    return Response(stats.csv_bytes(result), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Content-Type": "text/csv; charset=utf-8"})
