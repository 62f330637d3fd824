"""All models, imported here so Alembic and the app see one metadata."""

import portal.models.counters  # noqa: F401  (registers the counter events)
from portal.models.accounts import Role, User, UserSession
from portal.models.audit import AuditEvent, AuditSubject
from portal.models.bookings import Booking, BookingLeg, BookingStatus, CustomsDocument
from portal.models.cases import Case, CaseKind, Obstacle, Person, Relation
from portal.models.newsletter import (
    Contact,
    GuidanceItem,
    MeetingRequest,
    MeetingStatus,
    NewsletterIssue,
    NewsletterSection,
)
from portal.models.payouts import PayoutEntry
from portal.models.reference import (
    ExchangeRate,
    FlexiblePaymentCountry,
    Municipality,
    RateYear,
    Route,
)
from portal.models.requests import (
    Attachment,
    AttachmentBlob,
    AttachmentKind,
    CashDeclaration,
    CashType,
    ChildEscortSupplement,
    NoteVisibility,
    PayoutKind,
    PendingPayout,
    ReconTrip,
    Request,
    RequestKind,
    RequestPerson,
    RequestStatusCount,
    StatusEvent,
)
from portal.models.standard_notes import StandardNote

__all__ = [
    "Attachment",
    "AttachmentBlob",
    "AttachmentKind",
    "AuditEvent",
    "AuditSubject",
    "Booking",
    "BookingLeg",
    "BookingStatus",
    "Case",
    "CaseKind",
    "CashDeclaration",
    "CashType",
    "ChildEscortSupplement",
    "Contact",
    "CustomsDocument",
    "ExchangeRate",
    "FlexiblePaymentCountry",
    "GuidanceItem",
    "MeetingRequest",
    "MeetingStatus",
    "Municipality",
    "NewsletterIssue",
    "NewsletterSection",
    "NoteVisibility",
    "Obstacle",
    "PayoutEntry",
    "PayoutKind",
    "PendingPayout",
    "Person",
    "RateYear",
    "ReconTrip",
    "Relation",
    "Request",
    "RequestKind",
    "RequestPerson",
    "RequestStatusCount",
    "Role",
    "Route",
    "StandardNote",
    "StatusEvent",
    "User",
    "UserSession",
]
