"""Municipal caseworkers: the case list, household cases and their persons."""

from __future__ import annotations

from types import SimpleNamespace

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forms.case import (
    AnswerForm,
    CaseForm,
    ConfirmForm,
    NewCaseForm,
    PersonForm,
    SearchForm,
    StartRequestForm,
    WithdrawForm,
)
from forms.fields import whole_number
from portal.auth.access import roles_required
from portal.main import search as search_terms
from portal.main.templating import country_name, day
from portal.models import CaseKind, Relation, RequestKind, Role
from portal.services import filing, guidance_text, households

bp = Blueprint("municipality", __name__, url_prefix="/municipality")


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


def add_error(form, name: str | None, message: str) -> None:
    """An error next to its field (and so in the summary), or for the whole form."""
    if name and name in form:
        form[name].errors = [*list(form[name].errors), message]
    else:
        form.form_errors.append(message)


def _field_error(form, exc) -> None:
    add_error(form, getattr(exc, "field", None), str(exc))


@bp.route("/", methods=["GET", "POST"])
@roles_required(Role.CASEWORKER)
def start():
    if request.method == "POST":
        return search_terms.remember_and_redirect("cases", ("q",), "municipality.start")
    search = SearchForm(formdata=search_terms.remembered("cases"))
    page = request.args.get("page", "1")
    page = whole_number(page, max_digits=6) or 1
    query = search.q.data if search.validate() else ""
    cases, has_next = households.list_cases(current_user, query=query or "", page=page)
    return render_template("municipality/start.html", cases=cases, search=search, page=page,
                           has_next=has_next, query=query or "", labels=list_labels())


class _Memo(dict):
    """key -> look_up(key), looked up on first use only (once per page, not per row)."""

    def __init__(self, look_up):
        super().__init__()
        self.look_up = look_up

    def __missing__(self, key):
        value = self[key] = self.look_up(key)
        return value


def _label(member) -> str:
    return str(member.label)


def list_labels() -> SimpleNamespace:
    """The case list's translated labels and country names, each looked up once per page;
    one dict per enum, as StrEnum members of two enums with one value are equal keys."""
    return SimpleNamespace(
        status=_Memo(_label), kind=_Memo(_label), case_kind=_Memo(_label),
        country=_Memo(country_name), day=day)


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
            _field_error(form, exc)
        else:
            flash(_("The case %(reference)s has been created. Add the other persons of the "
                    "household.", reference=case.reference), "success")
            return redirect(url_for("municipality.case_detail", case_id=case.id))
    return render_template("municipality/new_case.html", form=form)


def render_case_page(case, **forms):
    """The case page; forms with errors (answer, withdraw) are passed in to re-render."""
    context = {
        "case": case, "show_cpr": households.show_full_cpr(current_user, case),
        "start_form": StartRequestForm(), "answer_form": AnswerForm(formdata=None),
        "withdraw_form": WithdrawForm(formdata=None), "confirm_form": ConfirmForm(),
        "current_step": filing.current_step, "shared_events": households.shared_events,
        "agency_question": households.agency_question,
        "deregistration_due": households.deregistration_due(case),
        "guidance": guidance_text.many("drc_documents", "cpr_deregistration", "departure_forms"),
        "RequestKind": RequestKind}
    context.update(forms)
    return render_template("municipality/case_detail.html", **context)


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
    _country_choices(form.destination_country, _("Choose the destination"))
    if form.validate_on_submit():
        try:
            households.update_case(case, _case_input(form), current_user)
        except households.HouseholdError as exc:
            _field_error(form, exc)
        else:
            flash(_("The case has been saved."), "success")
            return redirect(url_for("municipality.case_detail", case_id=case.id))
    return render_template("municipality/case_form.html", form=form, case=case)


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
            _field_error(form, exc)
        else:
            flash(_("The person has been added."), "success")
            return redirect(url_for("municipality.case_detail", case_id=case.id))
    return render_template("municipality/person_form.html", form=form, case=case, person=None)


@bp.route("/cases/<int:case_id>/persons/<int:person_id>/edit", methods=["GET", "POST"])
@roles_required(Role.CASEWORKER)
def edit_person(case_id: int, person_id: int):
    case = households.get_case(current_user, case_id, action="edit_case")
    person = households.get_person(case, person_id)
    form = PersonForm(obj=person if request.method == "GET" else None)
    _prepare_person_form(form)
    if request.method == "GET":
        form.relation.data = person.relation.value
        form.cpr.data = person.cpr and f"{person.cpr[:6]}-{person.cpr[6:]}"
    if form.validate_on_submit():
        try:
            households.update_person(person, _person_input(form), current_user)
        except households.HouseholdError as exc:
            _field_error(form, exc)
        else:
            flash(_("The person has been saved."), "success")
            return redirect(url_for("municipality.case_detail", case_id=case.id))
    return render_template("municipality/person_form.html", form=form, case=case,
                           person=person)


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
        req = filing.start_request(case, RequestKind(form.kind.data), current_user)
    except filing.FilingError as exc:
        flash(str(exc), "error")
        return redirect(url_for("municipality.case_detail", case_id=case.id))
    return redirect(url_for("municipality.step", request_id=req.id, step=req.draft_step))


from portal.municipality import wizard  # noqa: E402,F401  (registers the wizard's routes)
