"""The request wizard: one view per step, check your answers, submit once, confirmation."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import formatting, rules
from portal.auth.access import roles_required
from portal.forms import requests as rf
from portal.forms.case import ConfirmForm
from portal.forms.fields import whole_number
from portal.models import AttachmentKind, Relation, RequestKind, Role
from portal.municipality import bp
from portal.municipality._helpers import add_error, field_error
from portal.services.accounts.audit_reads import audited
from portal.services.filing import cash, date_warnings, households, submission, uploads
from portal.services.filing import steps as fs
from portal.services.information import guidance
from portal.workflow import Status

STEP_GUIDANCE = {
    "waivers": ("drc_documents",),
    "departure": ("baggage", "extra_baggage", "routes_change", "departure_forms"),
    "cash": ("cash_declaration",),
    "declarations": ("cash_declaration",),
    "attachments": ("drc_documents",),
    "trip": ("recon_trip", "routes_change"),
}


def _request(request_id: int):
    return submission.get_request(current_user, request_id)


def _step_context(req, step: str) -> dict:
    names = submission.steps(req)
    return {"req": req, "case": req.case, "step": step, "steps": names,
            "step_number": names.index(step) + 1 if step in names else 1,
            "step_labels": submission.STEP_LABELS, "departure": fs.departure_date(req),
            "is_minor": lambda p: fs.is_minor(req, p),
            "guidance": guidance.texts(*STEP_GUIDANCE.get(step, ()))}


def _people(req):
    return [rp.person for rp in req.participants]


# --- Building and saving each step -------------------------------------------------------


def _travellers(req, post: bool):
    form = rf.TravellersForm()
    form.travellers.choices = [(p.id, p.full_name) for p in _people(req)]
    if not post:
        form.travellers.data = [rp.person_id for rp in submission.travellers(req)]
        return form, None
    if form.validate_on_submit():
        return form, lambda: fs.save_travellers(req, set(form.travellers.data or []),
                                                current_user)
    return form, None


def _waivers(req, post: bool):
    adults = [rp.person for rp in submission.travellers(req) if not fs.is_minor(req, rp.person)]
    form = rf.waivers_form([(p.id, p.full_name, p.danish_citizen) for p in adults])
    if not post:
        for rp in submission.travellers(req):
            if f"p{rp.person.id}_regret" in form:
                form[f"p{rp.person.id}_regret"].data = rp.waives_regret_and_reintegration
            if f"p{rp.person.id}_citizenship" in form:
                form[f"p{rp.person.id}_citizenship"].data = rp.waives_citizenship
        return form, None
    if form.validate_on_submit():
        answers = {p.id: (bool(form[f"p{p.id}_regret"].data),
                          bool(form[f"p{p.id}_citizenship"].data)
                          if f"p{p.id}_citizenship" in form else False) for p in adults}
        return form, lambda: fs.save_waivers(req, answers, current_user)
    return form, None


def _departure(req, post: bool):
    people = submission.travellers(req)
    form = rf.departure_form([rp.person.id for rp in people], formatting.language_choices())
    if not post:
        for rp in people:
            form[f"p{rp.person.id}_address_dk"].data = rp.address_denmark
            form[f"p{rp.person.id}_language"].data = rp.interpreter_language
            form[f"p{rp.person.id}_address"].data = rp.address_abroad
            form[f"p{rp.person.id}_contact"].data = rp.contact_abroad
            form[f"p{rp.person.id}_needs"].data = rp.special_needs
        return form, None
    if form.validate_on_submit():
        details = {rp.person.id: (form[f"p{rp.person.id}_address"].data,
                                  form[f"p{rp.person.id}_contact"].data,
                                  form[f"p{rp.person.id}_needs"].data,
                                  form[f"p{rp.person.id}_address_dk"].data,
                                  form[f"p{rp.person.id}_language"].data) for rp in people}
        return form, lambda: fs.save_departure(req, details, current_user)
    return form, None


def _supplement(req, post: bool):
    form = rf.SupplementForm()
    form.escort_person.choices = [("", _("No escort"))] + [
        (str(p.id), p.full_name) for p in req.case.persons if p.relation is Relation.ESCORT]
    form.escorted.choices = [(rp.person.id, rp.person.full_name)
                             for rp in submission.travellers(req) if fs.is_minor(req, rp.person)]
    sup = req.supplement
    if not post:
        if sup is not None:
            for n, guardian in enumerate(sup.guardians[:2], start=1):
                form[f"guardian{n}_name"].data = guardian.get("name", "")
                form[f"guardian{n}_relation"].data = guardian.get("relation", "")
                form[f"guardian{n}_consents"].data = "yes" if guardian.get("consents") else "no"
                given = guardian.get("consent_date")
                form[f"guardian{n}_consent_date"].data = date.fromisoformat(given) if given \
                    else None
            form.consent_confirmed.data = sup.consent_confirmed
            form.escort_person.data = str(sup.escort_person_id or "")
            form.escorted.data = [rp.person_id for rp in req.participants if rp.escorted]
            form.escort_organisation.data = sup.escort_organisation
            form.escort_returns_on.data = sup.escort_returns_on
        for n in (1, 2):  # the day of filing, shown and changeable, where none is saved
            if form[f"guardian{n}_consent_date"].data is None:
                form[f"guardian{n}_consent_date"].data = date.today()
        return form, None
    if form.validate_on_submit():
        guardians = [{"name": (form[f"guardian{n}_name"].data or "").strip(),
                      "relation": (form[f"guardian{n}_relation"].data or "").strip(),
                      "consents": form[f"guardian{n}_consents"].data == "yes",
                      "consent_date": form[f"guardian{n}_consent_date"].data}
                     for n in (1, 2)]
        escort = form.escort_person.data
        data = fs.SupplementInput(
            guardians=guardians, consent_confirmed=bool(form.consent_confirmed.data),
            escort_person_id=whole_number(escort), escorted_ids=set(form.escorted.data or ()),
            escort_organisation=form.escort_organisation.data or "",
            escort_returns_on=form.escort_returns_on.data)
        return form, lambda: fs.save_supplement(req, data, current_user)
    return form, None


def _cash(req, post: bool):
    people = submission.travellers(req)
    adults = [(rp.person.id, rp.person.full_name) for rp in people
              if not fs.is_minor(req, rp.person)]
    form = rf.cash_form([(rp.person.id, fs.is_minor(req, rp.person)) for rp in people],
                        adults, [("", _("Choose")), *cash.currency_choices()])
    if not post:
        for rp in people:
            pid = rp.person.id
            if f"p{pid}_carrier" in form:
                form[f"p{pid}_carrier"].data = str(rp.cash_carrier_id or "")
            form[f"p{pid}_amount"].data = rp.other_cash_amount
            form[f"p{pid}_currency"].data = rp.other_cash_currency or ""
        return form, None
    if form.validate_on_submit():
        entries = {}
        for rp in people:
            pid = rp.person.id
            carrier = form[f"p{pid}_carrier"].data if f"p{pid}_carrier" in form else ""
            entries[pid] = (whole_number(carrier),
                            form[f"p{pid}_amount"].data, form[f"p{pid}_currency"].data)
        return form, lambda: fs.save_cash(req, entries, current_user)
    return form, None


DECLARATION_FIELDS = ("carrier_address", "owner", "owner_address", "intended_recipient",
                      "recipient_address", "origin", "intended_use", "route",
                      "means_of_transport")


def _declarations(req, post: bool):
    due = cash.declarants(req)
    form = rf.declarations_form([t.person.id for t in due])
    if not post:
        existing = {d.person_id: d for d in req.cash_declarations}
        home = fs.household_address(req)
        for item in due:
            pid, decl = item.person.id, existing.get(item.person.id)
            defaults = {"carrier_address": home, "owner_address": home,
                        "recipient_address": home, "owner": item.person.full_name,
                        "intended_recipient": item.person.full_name,
                        "origin": _("Repatriation assistance (flexible payment)")
                        if item.flexible_dkk else "",
                        "intended_use": _("Settling in the country of origin"),
                        "route": "", "means_of_transport": _("Air")}
            for name in DECLARATION_FIELDS:
                form[f"p{pid}_{name}"].data = getattr(decl, name) if decl else defaults[name]
            form[f"p{pid}_cash_type"].data = decl.cash_type.value if decl else "currency"
        form.customs_assist.data = any(d.customs_assist for d in req.cash_declarations)
        return form, None
    if form.validate_on_submit():
        details = {t.person.id: cash.DeclarationInput(
            **{name: form[f"p{t.person.id}_{name}"].data or "" for name in DECLARATION_FIELDS},
            cash_type=form[f"p{t.person.id}_cash_type"].data) for t in due}
        return form, lambda: fs.save_declarations(req, details, bool(form.customs_assist.data),
                                                  current_user, submission.today())
    return form, None


def _trip(req, post: bool):
    form = rf.TripForm()
    form.travellers.choices = [(p.id, p.full_name) for p in _people(req)]
    form.destination_country.choices = [("", _("Choose the destination")),
                                        *households.country_choices()]
    trip = req.recon_trip
    if not post:
        form.travellers.data = [rp.person_id for rp in submission.travellers(req)]
        form.destination_country.data = trip.destination_country if trip else \
            req.case.destination_country
        if trip is not None:
            form.purpose.data = trip.purpose
            form.first_day.data, form.last_day.data = trip.first_day, trip.last_day
            form.benefit_kept.data = trip.benefit_kept
            form.support_requested.data = trip.support_requested
        return form, None
    if form.validate_on_submit():
        data = fs.TripInput(
            person_ids=set(form.travellers.data or []),
            destination_country=form.destination_country.data, purpose=form.purpose.data,
            first_day=form.first_day.data, last_day=form.last_day.data,
            benefit_kept=form.benefit_kept.data or "",
            support_requested=bool(form.support_requested.data))
        return form, lambda: fs.save_trip(req, data, current_user)
    return form, None


def _attachments(req, post: bool):
    form = rf.UploadForm()
    if not post:
        return form, None
    if form.validate_on_submit():
        upload = form.file.data

        def save():
            submission.upload(req, current_user, AttachmentKind(form.kind.data), upload.filename,
                          upload.read())
            return "attachments"
        return form, save
    return form, None


BUILDERS = {"travellers": _travellers, "waivers": _waivers, "departure": _departure,
            "supplement": _supplement, "cash": _cash, "declarations": _declarations,
            "trip": _trip, "attachments": _attachments}


def _extra_context(req, step: str) -> dict:
    extra: dict = {}
    if step in ("waivers", "cash", "declarations") and req.kind is RequestKind.FLEXIBLE_PAYMENT:
        try:
            choice = cash.rates_for(fs.departure_date(req))
            extra["rates_choice"] = choice
            extra["amounts"] = cash.flexible_amounts(req, fs.departure_date(req), choice)
        except cash.CashError as exc:
            extra["rates_error"] = str(exc)
    if step in ("cash", "declarations"):
        try:
            extra["traveller_cash"] = cash.traveller_cash(req)
        except cash.CashError as exc:
            extra["rates_error"] = str(exc)
        extra["customs_deadline"] = cash.customs_deadline(req)
    if step == "departure":
        extra["baggage"] = {rp.person.id: rules.baggage_allowance_kg(
            rp.person.birth_date, fs.departure_date(req)) for rp in submission.travellers(req)
            if rp.person.birth_date <= fs.departure_date(req)}
        extra["extra_kg_price"] = rules.EXTRA_BAGGAGE_DKK_PER_KG
    if step == "attachments":
        extra["attachments"] = submission.attachments_for(req)
        extra["confirm_form"] = ConfirmForm()
        extra["max_mb"] = uploads.max_bytes() // (1024 * 1024)
    if step == "trip" and req.recon_trip is not None:
        trip = req.recon_trip
        extra["trip_days"] = rules.recon_trip_days(trip.first_day, trip.last_day)
        extra["support_days"] = rules.recon_support_days(trip.first_day, trip.last_day)
        extra["max_support_days"] = rules.RECON_MAX_SUPPORT_DAYS
        extra["date_warnings"] = date_warnings.for_request(req)
    return extra


@bp.route("/requests/<int:request_id>/steps/<step>", methods=["GET", "POST"])
@roles_required(Role.CASEWORKER)
@audited("view_draft_step", detail=lambda: f"step={request.view_args['step']}")
def step(request_id: int, step: str):
    req = _request(request_id)
    if step not in BUILDERS or step not in submission.steps(req):
        abort(404)
    if req.status is not Status.DRAFT:
        return redirect(url_for("municipality.case_detail", case_id=req.case_id))
    form, save = BUILDERS[step](req, request.method == "POST")
    if save is not None:
        try:
            nxt = save()
        except fs.StepErrors as exc:
            for name, message in exc.errors:
                add_error(form, name, message)
        except (fs.FilingError, uploads.UploadError, cash.CashError) as exc:
            field_error(form, exc)
        else:
            if step == "attachments":
                flash(_("The document has been uploaded."), "success")
            else:
                flash(_("Saved as a draft."), "success")
            if step == "trip":  # the dates typed here, said once more after the save
                for warning in date_warnings.for_request(req):
                    flash(_("Warning:") + " " + warning, "warning")
            target = url_for("municipality.check", request_id=req.id) if nxt == "check" \
                else url_for("municipality.step", request_id=req.id, step=nxt)
            return redirect(target)
    return render_template(f"municipality/steps/{step}.html", form=form,
                           **_step_context(req, step), **_extra_context(req, step))


@bp.route("/requests/<int:request_id>/attachments/<int:attachment_id>/delete",
          methods=["POST"])
@roles_required(Role.CASEWORKER)
def delete_attachment(request_id: int, attachment_id: int):
    req = _request(request_id)
    attachment = submission.get_attachment(current_user, req, attachment_id)
    if ConfirmForm().validate_on_submit():
        try:
            uploads.delete(attachment, request_obj=req, user=current_user)
        except uploads.UploadError as exc:
            flash(str(exc), "error")
        else:
            flash(_("The document has been removed."), "success")
    return redirect(url_for("municipality.step", request_id=req.id, step="attachments"))


@bp.route("/requests/<int:request_id>/continue")
@roles_required(Role.CASEWORKER)
def resume(request_id: int):
    req = _request(request_id)
    current = submission.current_step(req)
    if req.status is not Status.DRAFT:
        return redirect(url_for("municipality.case_detail", case_id=req.case_id))
    if current == "check":
        return redirect(url_for("municipality.check", request_id=req.id))
    return redirect(url_for("municipality.step", request_id=req.id, step=current))

