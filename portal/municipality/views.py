"""Municipal caseworkers: the case list, household cases and their persons."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.access import roles_required
from portal.forms.case import (
    CaseForm,
    ConfirmForm,
    NewCaseForm,
    PersonForm,
    SearchForm,
    StartRequestForm,
)
from portal.main import search as search_terms
from portal.main.conflicts import refuse_stale
from portal.models import CaseKind, Relation, RequestKind, Role
from portal.municipality import bp
from portal.municipality._helpers import field_error, render_case_page
from portal.security import page_number
from portal.services.accounts.audit_reads import audited, criteria
from portal.services.filing import date_warnings, households, submission
from portal.services.versioning import StaleEdit


def _country_choices(field, blank: str) -> None:
    field.choices = [("", blank), *households.country_choices()]


def _prepare_person_form(form) -> None:
    _country_choices(form.nationality, _("Choose a country"))
    _country_choices(form.passport_country, _("Choose a country"))


def _person_input(form) -> households.PersonInput:
    return households.PersonInput(
        full_name=form.full_name.data or "", cpr=form.cpr.data, birth_date=form.birth_date.data,
        nationality=form.nationality.data, danish_citizen=bool(form.danish_citizen.data),
        passport_number=form.passport_number.data or "",
        passport_country=form.passport_country.data or None,
        passport_expiry=form.passport_expiry.data, relation=Relation(form.relation.data),
        phone=form.phone.data or "")


def _case_input(form) -> households.CaseInput:
    return households.CaseInput(destination_country=form.destination_country.data,
                                kind=CaseKind(form.kind.data),
                                planned_departure=form.planned_departure.data)


@bp.route("/", methods=["GET", "POST"])
@roles_required(Role.CASEWORKER)
@audited("view_case_list",
         detail=lambda: criteria(extra=search_terms.remembered("cases").to_dict()))
def start():
    if request.method == "POST":
        return search_terms.remember_and_redirect("cases", ("q",), "municipality.start")
    search = SearchForm(formdata=search_terms.remembered("cases"))
    page = page_number()
    query = search.q.data if search.validate() else ""
    cases, has_next = households.list_cases(current_user, query=query or "", page=page)
    return render_template("municipality/start.html", cases=cases, search=search, page=page,
                           has_next=has_next, query=query or "")


@bp.route("/cases/new", methods=["GET", "POST"])
@roles_required(Role.CASEWORKER)
def new_case():
    form = NewCaseForm()
    _country_choices(form.destination_country, _("Choose the destination"))
    _prepare_person_form(form)
    if request.method == "GET":
        form.relation.data = Relation.APPLICANT.value
    if form.validate_on_submit():
        try:
            case = households.create_case(current_user, _case_input(form), _person_input(form))
        except households.HouseholdError as exc:
            field_error(form, exc)
        else:
            flash(_("The case %(reference)s has been created. Add the other persons of the "
                    "household.", reference=case.reference), "success")
            _flash_warnings(date_warnings.for_case(case))
            return redirect(url_for("municipality.case_detail", case_id=case.id))
    return render_template("municipality/new_case.html", form=form)


@bp.route("/cases/<int:case_id>")
@roles_required(Role.CASEWORKER)
def case_detail(case_id: int):
    return render_case_page(households.view_case(current_user, case_id))


@bp.route("/cases/<int:case_id>/edit", methods=["GET", "POST"])
@roles_required(Role.CASEWORKER)
def edit_case(case_id: int):
    case = households.get_case(current_user, case_id, action="edit_case")
    form = CaseForm(obj=case if request.method == "GET" else None)
    if request.method == "GET":
        form.kind.data = case.kind.value
        form.version.data = str(case.version_id)
    _country_choices(form.destination_country, _("Choose the destination"))
    status = 200
    if form.validate_on_submit():
        try:
            households.update_case(case, _case_input(form), current_user,
                                   expected_version=form.version.data or "")
        except StaleEdit as exc:
            status = refuse_stale(form, exc)
        except households.HouseholdError as exc:
            field_error(form, exc)
        else:
            flash(_("The case has been saved."), "success")
            _flash_warnings(date_warnings.for_case(case))
            return redirect(url_for("municipality.case_detail", case_id=case.id))
    return render_template("municipality/case_form.html", form=form, case=case,
                           date_warnings=date_warnings.for_case(case)), status


def _flash_warnings(warnings: list[str]) -> None:
    """Dates that can hardly work, shown after the save that typed them."""
    for warning in warnings:
        flash(_("Warning:") + " " + warning, "warning")


@bp.route("/cases/<int:case_id>/persons/new", methods=["GET", "POST"])
@roles_required(Role.CASEWORKER)
def add_person(case_id: int):
    case = households.get_case(current_user, case_id, action="edit_case")
    form = PersonForm()
    _prepare_person_form(form)
    if request.method == "GET":
        form.relation.data = Relation.CHILD.value
        form.nationality.data = case.persons[0].nationality if case.persons else ""
    if form.validate_on_submit():
        try:
            households.add_person(case, _person_input(form), current_user)
        except households.HouseholdError as exc:
            field_error(form, exc)
        else:
            flash(_("The person has been added."), "success")
            return redirect(url_for("municipality.case_detail", case_id=case.id))
    return render_template("municipality/person_form.html", form=form, case=case, person=None)


@bp.route("/cases/<int:case_id>/persons/<int:person_id>/edit", methods=["GET", "POST"])
@roles_required(Role.CASEWORKER)
@audited("view_person_form")
def edit_person(case_id: int, person_id: int):
    case = households.get_case(current_user, case_id, action="edit_case")
    person = households.get_person(case, person_id)
    form = PersonForm(obj=person if request.method == "GET" else None)
    _prepare_person_form(form)
    if request.method == "GET":
        form.relation.data = person.relation.value
        form.cpr.data = person.cpr and f"{person.cpr[:6]}-{person.cpr[6:]}"
        form.version.data = str(person.version_id)
    status = 200
    if form.validate_on_submit():
        try:
            households.update_person(person, _person_input(form), current_user,
                                     expected_version=form.version.data or "")
        except StaleEdit as exc:
            status = refuse_stale(form, exc)
        except households.HouseholdError as exc:
            field_error(form, exc)
        else:
            flash(_("The person has been saved."), "success")
            return redirect(url_for("municipality.case_detail", case_id=case.id))
    return render_template("municipality/person_form.html", form=form, case=case,
                           person=person), status


@bp.route("/cases/<int:case_id>/persons/<int:person_id>/remove", methods=["POST"])
@roles_required(Role.CASEWORKER)
def remove_person(case_id: int, person_id: int):
    case = households.get_case(current_user, case_id, action="edit_case")
    person = households.get_person(case, person_id)
    if ConfirmForm().validate_on_submit():
        try:
            households.remove_person(person, current_user)
        except households.HouseholdError as exc:
            flash(str(exc), "error")
        else:
            flash(_("The person has been removed from the case."), "success")
    return redirect(url_for("municipality.case_detail", case_id=case.id))


@bp.route("/cases/<int:case_id>/persons/<int:person_id>/deregistered", methods=["POST"])
@roles_required(Role.CASEWORKER)
def cpr_deregistered(case_id: int, person_id: int):
    case = households.get_case(current_user, case_id, action="edit_case")
    person = households.get_person(case, person_id)
    if ConfirmForm().validate_on_submit():
        households.mark_cpr_deregistered(person, current_user)
        flash(_("Noted: the person has been deregistered from the CPR register."), "success")
    return redirect(url_for("municipality.case_detail", case_id=case.id))


@bp.route("/cases/<int:case_id>/requests", methods=["POST"])
@roles_required(Role.CASEWORKER)
def start_request(case_id: int):
    case = households.get_case(current_user, case_id, action="edit_case")
    form = StartRequestForm()
    if not form.validate_on_submit():
        flash(_("Choose the kind of request."), "error")
        return redirect(url_for("municipality.case_detail", case_id=case.id))
    try:
        req = submission.start_request(case, RequestKind(form.kind.data), current_user)
    except submission.FilingError as exc:
        flash(str(exc), "error")
        return redirect(url_for("municipality.case_detail", case_id=case.id))
    return redirect(url_for("municipality.step", request_id=req.id, step=req.draft_step))

