"""Reference data kept by the agency: routes, rates and exchange rates."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import formatting
from portal.auth.access import roles_required
from portal.forms.newsletter import ConfirmForm
from portal.forms.reference import ExchangeRateForm, RateYearForm, RouteDeleteForm, RouteForm
from portal.main.conflicts import refuse_stale, show_version
from portal.models import Role
from portal.reference import bp
from portal.services.reference import flight_routes as route_service
from portal.services.reference import rates as rate_service
from portal.services.versioning import StaleEdit

# --- routes --------------------------------------------------------------------------------

@bp.route("/routes")
@roles_required(Role.AGENCY)
def routes():
    return render_template("reference/routes.html", routes=route_service.offered_routes(),
                           confirm_form=ConfirmForm())


def _route_input(form: RouteForm) -> route_service.RouteInput:
    return route_service.RouteInput(
        airline=form.airline.data, via=form.via.data, destination=form.destination.data,
        country_code=form.country_code.data, note=form.note.data or "",
        active=form.active.data)


def _route_error(form, exc: route_service.RouteError) -> None:
    """The service's refusal, shown at its field."""
    message = {
        "country_unknown": _("This is not a country code (ISO 3166). Enter two letters, "
                             "e.g. SY for Syria."),
        "route_exists": _("This route exists already (same airline, via and destination). "
                          "Edit that route instead."),
        "route_in_use": _("This route is used by bookings, so it cannot be deleted. Suspend "
                          "it instead: it then stays on the bookings and in their history."),
    }[exc.key]
    form[exc.field].errors = [*form[exc.field].errors, message]


def _route_page(form, route, delete_form=None, status=200):
    in_use = route is not None and route_service.in_use(route)
    return render_template("reference/route_form.html", form=form, route=route,
                           in_use=in_use, delete_form=delete_form or RouteDeleteForm()), status


@bp.route("/routes/new", methods=["GET", "POST"])
@roles_required(Role.AGENCY)
def route_new():
    form = RouteForm()
    if form.validate_on_submit():
        try:
            route_service.create_route(_route_input(form), current_user)
        except route_service.RouteError as exc:
            _route_error(form, exc)
        else:
            flash(_("The route has been added."), "success")
            return redirect(url_for("reference.routes"))
    return _route_page(form, None)


@bp.route("/routes/<int:route_id>", methods=["GET", "POST"])
@roles_required(Role.AGENCY)
def route_edit(route_id: int):
    route = route_service.get_route(route_id) or abort(404)
    form = RouteForm(obj=route)
    show_version(form, route)
    status = 200
    if form.validate_on_submit():
        try:
            route_service.update_route(route, _route_input(form), current_user,
                                       expected_version=form.version.data or "")
        except StaleEdit as exc:
            status = refuse_stale(form, exc)
        except route_service.RouteError as exc:
            g.rollback = True
            _route_error(form, exc)
        else:
            flash(_("The route has been saved."), "success")
            return redirect(url_for("reference.routes"))
    return _route_page(form, route, status=status)


@bp.route("/routes/<int:route_id>/delete", methods=["POST"])
@roles_required(Role.AGENCY)
def route_delete(route_id: int):
    """Only a mistaken route no booking uses; one in use is suspended instead."""
    route = route_service.get_route(route_id) or abort(404)
    delete_form = RouteDeleteForm()
    if delete_form.validate_on_submit():
        try:
            route_service.delete_route(route, current_user)
        except route_service.RouteError as exc:
            _route_error(delete_form, exc)
        else:
            flash(_("The route has been deleted."), "success")
            return redirect(url_for("reference.routes"))
    return _route_page(RouteForm(obj=route, formdata=None), route, delete_form)


@bp.route("/routes/<int:route_id>/active", methods=["POST"])
@roles_required(Role.AGENCY)
def route_toggle(route_id: int):
    route = route_service.get_route(route_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        route_service.set_active(route, not route.active, current_user)
        flash(_("The route is active again.") if route.active
              else _("The route is suspended. It is shown as suspended wherever routes are "
                     "offered."), "success")
    return redirect(url_for("reference.routes"))


# --- rates per year and exchange rates ------------------------------------------------------

def _rates_input(form: RateYearForm) -> rate_service.RatesInput:
    return rate_service.RatesInput(**{name: getattr(form, name).data
                                   for name in rate_service.RATE_FIELDS},
                                source=form.source.data or "")


@bp.route("/rates", methods=["GET", "POST"])
@roles_required(Role.AGENCY)
def rates():
    """Rates per year and the exchange-rate table; the form adds today's rate."""
    form = ExchangeRateForm()
    status = 200
    if not form.is_submitted():
        form.version.data = rate_service.todays_versions()
    if form.validate_on_submit():
        try:
            rate_service.set_exchange_rate(form.currency.data, form.units_per_eur.data,
                                           current_user, confirmed=form.confirm_change.data,
                                           expected_versions=form.version.data or "")
        except StaleEdit as exc:
            status = refuse_stale(form, exc)
            form.version.data = rate_service.todays_versions()  # what the page shows now
        except rate_service.ImplausibleRate as exc:
            form.units_per_eur.errors.append(_(
                "The rate is more than 50 %% away from the previous one (%(previous)s on "
                "%(date)s). Check the number, or tick the box if the rate really changed.",
                previous=formatting.rate(exc.previous.units_per_eur),
                date=formatting.day(exc.previous.rate_date)))
        except rate_service.ReferenceDataError as exc:
            if str(exc) == "currency_unknown":
                form.currency.errors.append(_("Enter the three-letter currency code, e.g. USD."))
            else:
                form.units_per_eur.errors.append(_("Enter a rate greater than 0."))
        else:
            flash(_("Today's rate for %(currency)s has been saved.",
                    currency=form.currency.data.upper()), "success")
            return redirect(url_for("reference.rates"))
    return render_template("reference/rates.html", rate_years=rate_service.rate_years(),
                           latest=rate_service.latest_exchange_rates(),
                           history=rate_service.exchange_rate_history(), form=form), status


@bp.route("/rates/new", methods=["GET", "POST"])
@roles_required(Role.AGENCY)
def rate_new():
    form = RateYearForm()
    if form.validate_on_submit():
        try:
            rate_service.add_rate_year(form.year.data, _rates_input(form), current_user)
        except rate_service.ReferenceDataError:
            form.year.errors.append(_("Rates for this year exist already; edit them instead."))
        else:
            flash(_("The rates for %(year)d have been added.", year=form.year.data), "success")
            return redirect(url_for("reference.rates"))
    return render_template("reference/rate_form.html", form=form, rates=None)


@bp.route("/rates/<int:year>", methods=["GET", "POST"])
@roles_required(Role.AGENCY)
def rate_edit(year: int):
    rates_row = rate_service.get_rate_year(year) or abort(404)
    form = RateYearForm(obj=rates_row)
    show_version(form, rates_row)
    status = 200
    if form.validate_on_submit():
        try:
            rate_service.update_rate_year(rates_row, _rates_input(form), current_user,
                                          expected_version=form.version.data or "")
        except StaleEdit as exc:
            status = refuse_stale(form, exc)
        else:
            flash(_("The rates for %(year)d have been saved.", year=year), "success")
            return redirect(url_for("reference.rates"))
    return render_template("reference/rate_form.html", form=form, rates=rates_row), status
