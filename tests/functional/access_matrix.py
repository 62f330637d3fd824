"""THE access matrix: every (endpoint, method) of the URL map x every role -> expected outcome.

tests/functional/test_security_access_matrix.py walks ``app.url_map`` and fails when a rule
is missing here or when this table names a rule that no longer exists (``static`` is left
out: it is public and holds no personal data). Each cell is checked with real object ids of
Aarhus (751), the caseworker's own municipality, from the fixture world in
tests/security_helpers.py; a caseworker of København (101) is checked separately against
every row marked object-scoped (a case, request, person, attachment or PDF id in the URL).

Roles (columns, in this order): anonymous, caseworker (Aarhus), agency, drc_adviser, admin.

Outcomes:
- ``"ok"``    the role may use the route. GET: a 2xx answer, or a 3xx redirect that does not
              go to /login. POST (sent with a valid CSRF token of the user's session and no
              other form data, so most forms answer with their validation errors): any answer
              below 500 except 401, 403, 404 and 405, and not a redirect to /login; so 2xx
              (the form re-rendered with errors), 3xx (done, or sent back with a message),
              400 and 409/422 are all allowed.
- ``"login"`` a 302/303 redirect to /login (anonymous users; also the second-factor page of a
              user who is not half-way through a login, and the logout itself).
- ``"403"``   the role is refused (roles_required, or a rule such as "the second factor is
              required for your role").
- ``"404"``   the object exists but this role may not see it (object-level check in
              portal/services/access.py: an audit row ``access_denied`` is written); e.g. the
              DRC adviser and the admin on PDFs and non-waiver attachments.

Every write (POST) answers 403 for the DRC adviser, except the account self-service routes
that change only the adviser's own account (logout, language, password, second factor) and
the adviser's own look-up, which is posted so that names and CPR numbers stay out of URLs.
"""

from __future__ import annotations

ROLES = ("anonymous", "caseworker", "agency", "drc_adviser", "admin")

OK, LOGIN, FORBIDDEN, NOT_FOUND = "ok", "login", "403", "404"

# Shorthands for the common rows: (anonymous, caseworker, agency, drc_adviser, admin).
PUBLIC = (OK, OK, OK, OK, OK)
LOGGED_IN = (LOGIN, OK, OK, OK, OK)
CASEWORKER = (LOGIN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)
AGENCY = (LOGIN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN)
DRC = (LOGIN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN)
ADMIN = (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
# PDFs and the documents page: the case's municipality and the agency only.
PDF = (LOGIN, OK, OK, NOT_FOUND, NOT_FOUND)

MATRIX: dict[tuple[str, str], tuple[str, str, str, str, str]] = {
    # admin
    ("admin.audit_export_person", "GET"): ADMIN,
    ("admin.audit_log", "GET"): ADMIN,
    ("admin.audit_persons", "GET"): ADMIN,
    ("admin.contact_edit", "GET"): ADMIN,
    ("admin.contact_edit", "POST"): ADMIN,
    ("admin.contact_list", "GET"): ADMIN,
    ("admin.create_user", "GET"): ADMIN,
    ("admin.create_user", "POST"): ADMIN,
    ("admin.reset_totp", "POST"): ADMIN,
    ("admin.set_phone", "POST"): ADMIN,
    ("admin.start", "GET"): ADMIN,
    ("admin.toggle_active", "POST"): ADMIN,
    ("admin.user_detail", "GET"): ADMIN,
    ("admin.user_detail", "POST"): ADMIN,
    # agency
    ("agency.assign_to_me", "POST"): AGENCY,
    ("agency.mark_paid", "POST"): AGENCY,
    # the identity search (issue 16): CPR or passport number posted, kept in the session
    ("agency.find_person", "GET"): AGENCY,
    ("agency.find_person", "POST"): AGENCY,
    ("agency.payouts", "GET"): AGENCY,
    ("agency.rebooking", "GET"): AGENCY,
    ("agency.rebooking", "POST"): AGENCY,
    ("agency.record_payout", "POST"): AGENCY,
    ("agency.customs_document", "POST"): AGENCY,
    ("agency.request_action", "POST"): AGENCY,
    ("agency.request_detail", "GET"): AGENCY,
    ("agency.start", "GET"): AGENCY,
    ("agency.start", "POST"): AGENCY,  # the queue search (kept in the session, not the URL)
    ("agency.statistics", "GET"): AGENCY,
    ("agency.upload_document", "POST"): AGENCY,
    ("agency.statistics_csv", "GET"): AGENCY,
    ("agency.workload", "GET"): AGENCY,
    # accounts and login
    ("auth.account", "GET"): LOGGED_IN,
    ("auth.change_password", "GET"): LOGGED_IN,
    ("auth.change_password", "POST"): LOGGED_IN,
    ("auth.set_phone", "POST"): LOGGED_IN,
    # the second factor may be turned off only where it is optional
    ("auth.disable_totp", "POST"): (LOGIN, OK, FORBIDDEN, OK, FORBIDDEN),
    ("auth.enrol_totp", "GET"): LOGGED_IN,
    ("auth.enrol_totp", "POST"): LOGGED_IN,
    ("auth.login", "GET"): PUBLIC,
    ("auth.login", "POST"): PUBLIC,
    # only for a user half-way through a login; everybody else is sent to /login
    ("auth.login_totp", "GET"): (LOGIN,) * 5,
    ("auth.login_totp", "POST"): (LOGIN,) * 5,
    ("auth.logout", "POST"): (LOGIN,) * 5,
    ("auth.set_language", "POST"): PUBLIC,
    # documents
    ("documents.attachment", "GET"): PDF,
    ("documents.download", "GET"): PDF,
    ("documents.request_documents", "GET"): PDF,
    # DRC
    ("drc.case_detail", "GET"): DRC,
    ("drc.start", "GET"): DRC,
    ("drc.start", "POST"): DRC,  # the look-up: a search, it changes nothing
    # public pages
    ("main.accessibility", "GET"): PUBLIC,
    ("main.healthz", "GET"): PUBLIC,
    ("main.index", "GET"): (LOGIN, OK, OK, OK, OK),
    # municipality
    ("municipality.add_person", "GET"): CASEWORKER,
    ("municipality.add_person", "POST"): CASEWORKER,
    ("municipality.answer", "POST"): CASEWORKER,
    ("municipality.case_detail", "GET"): CASEWORKER,
    ("municipality.check", "GET"): CASEWORKER,
    ("municipality.trip_calendar", "GET"): CASEWORKER,
    ("municipality.confirmation", "GET"): CASEWORKER,
    ("municipality.cpr_deregistered", "POST"): CASEWORKER,
    ("municipality.delete_attachment", "POST"): CASEWORKER,
    ("municipality.delete_draft", "POST"): CASEWORKER,
    ("municipality.edit_case", "GET"): CASEWORKER,
    ("municipality.edit_case", "POST"): CASEWORKER,
    ("municipality.edit_person", "GET"): CASEWORKER,
    ("municipality.edit_person", "POST"): CASEWORKER,
    ("municipality.new_case", "GET"): CASEWORKER,
    ("municipality.new_case", "POST"): CASEWORKER,
    ("municipality.remove_person", "POST"): CASEWORKER,
    ("municipality.resume", "GET"): CASEWORKER,
    ("municipality.start", "GET"): CASEWORKER,
    ("municipality.start", "POST"): CASEWORKER,  # the case-list search
    ("municipality.start_request", "POST"): CASEWORKER,
    ("municipality.step", "GET"): CASEWORKER,
    ("municipality.step", "POST"): CASEWORKER,
    ("municipality.submit", "POST"): CASEWORKER,
    ("municipality.withdraw", "POST"): CASEWORKER,
    # newsletter, meetings, guidance, routes
    ("info.archive", "GET"): LOGGED_IN,
    ("info.blank_departure_form", "GET"): LOGGED_IN,
    ("info.blank_waiver", "GET"): LOGGED_IN,
    ("info.contacts", "GET"): LOGGED_IN,
    ("info.edit", "GET"): AGENCY,
    ("info.edit", "POST"): AGENCY,
    ("info.feed", "GET"): PUBLIC,
    ("info.forms_and_links", "GET"): LOGGED_IN,
    ("info.guidance", "GET"): LOGGED_IN,
    ("info.guidance_edit", "GET"): AGENCY,
    ("info.guidance_edit", "POST"): AGENCY,
    ("info.issue", "GET"): LOGGED_IN,
    ("info.manage", "GET"): AGENCY,
    ("info.meeting_accept", "POST"): CASEWORKER,
    ("info.meeting_cancel", "POST"): CASEWORKER,
    ("info.meeting_new", "GET"): CASEWORKER,
    ("info.meeting_new", "POST"): CASEWORKER,
    ("info.meeting_respond", "GET"): AGENCY,
    ("info.meeting_respond", "POST"): AGENCY,
    ("info.meetings", "GET"): (LOGIN, OK, OK, FORBIDDEN, FORBIDDEN),
    ("info.new", "GET"): AGENCY,
    ("info.new", "POST"): AGENCY,
    ("info.preview", "GET"): AGENCY,
    ("info.publish", "POST"): AGENCY,
    ("info.routes", "GET"): (LOGIN, OK, OK, OK, FORBIDDEN),
    ("info.settings", "GET"): CASEWORKER,
    ("info.settings", "POST"): CASEWORKER,
    # reference data (agency)
    ("reference.rate_edit", "GET"): AGENCY,
    ("reference.rate_edit", "POST"): AGENCY,
    ("reference.rate_new", "GET"): AGENCY,
    ("reference.rate_new", "POST"): AGENCY,
    ("reference.rates", "GET"): AGENCY,
    ("reference.rates", "POST"): AGENCY,
    ("reference.route_edit", "GET"): AGENCY,
    ("reference.route_edit", "POST"): AGENCY,
    ("reference.route_new", "GET"): AGENCY,
    ("reference.route_new", "POST"): AGENCY,
    ("reference.route_toggle", "POST"): AGENCY,
    ("reference.route_delete", "POST"): AGENCY,
    ("reference.routes", "GET"): AGENCY,
}

# Account self-service and the DRC look-up: a DRC adviser may POST here (it changes only
# their own account, or nothing at all).
DRC_SELF_SERVICE = frozenset({"auth.logout", "auth.set_language", "auth.change_password",
                              "auth.disable_totp", "auth.enrol_totp", "auth.login",
                              "auth.login_totp", "auth.set_phone", "drc.start"})

# URL parameters that name an object of one municipality (checked with a foreign caseworker).
OBJECT_PARAMS = frozenset({"case_id", "request_id", "attachment_id", "person_id"})

CHECKS = len(MATRIX) * len(ROLES)
SUMMARY = f"access matrix: {len(MATRIX)} routes x {len(ROLES)} roles = {CHECKS} checks"
