"""The blank official forms offered on "Forms and links" for every role: the same renderers
as the filled-in forms, with empty data, in Danish."""

from __future__ import annotations

from flask import abort
from flask_babel import force_locale

from portal import pdf
from portal.pdf import data as form_data
from portal.services.filing.documents import FORM_LOCALE, formatter

#: The blank forms offered on "Forms and links": the same renderers with empty data.
BLANK_FORMS = {
    "waiver": "blank-frafaldserklaering.pdf",
    "departure": "blank-udrejseblanket.pdf",
}


def _blank_case() -> form_data.CaseData:
    return form_data.CaseData(reference="", municipality_code="", municipality_name="",
                              caseworker_name="", caseworker_email="", destination_name="",
                              kind_label="")


def _blank_person() -> form_data.PersonData:
    return form_data.PersonData(full_name="", birth_date=None, nationality_name="",
                                relation_label="")


def blank_form(name: str) -> tuple[bytes, str]:
    """A blank official form to print and fill in by hand, in Danish, and its file name:
    every field left empty with room to write."""
    if name not in BLANK_FORMS:
        abort(404)
    with force_locale(FORM_LOCALE):
        if name == "waiver":
            data = pdf.render_waiver(form_data.WaiverData(
                case=_blank_case(), person=_blank_person()), formatter())
        else:
            data = pdf.render_departure_form(form_data.DepartureFormData(
                case=_blank_case(), person=_blank_person()), formatter())
    return data, BLANK_FORMS[name]
