"""Writes of the partnership app (``<entity>_<action>``), split by topic."""

from lindung.partnership.services.agencies import agency_set_liaison_officers, agency_update
from lindung.partnership.services.agreements import (
    mou_create,
    mou_scope_item_add,
    mou_update,
    pks_create,
    pks_obligation_add,
    pks_obligation_set_done,
    pks_refresh_by_date,
    pks_target_add,
    pks_target_delete,
    pks_transition,
)
from lindung.partnership.services.documents import MAX_DOCUMENT_BYTES, document_upload
from lindung.partnership.services.events import (
    attendee_add,
    attendee_follow_up,
    event_attribute_registration,
    event_code_next,
    event_create,
    event_date_check,
    event_date_window,
    event_update_outcome,
)
from lindung.partnership.services.evidence import (
    evidence_pack_get_or_create,
    evidence_pack_update,
    evidence_section_delete,
    evidence_section_save,
)
from lindung.partnership.services.pdf_exports import pdf_export_render, pdf_export_request

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "agency_set_liaison_officers",
    "agency_update",
    "attendee_add",
    "attendee_follow_up",
    "document_upload",
    "event_attribute_registration",
    "event_code_next",
    "event_create",
    "event_date_check",
    "event_date_window",
    "event_update_outcome",
    "evidence_pack_get_or_create",
    "evidence_pack_update",
    "evidence_section_delete",
    "evidence_section_save",
    "mou_create",
    "mou_scope_item_add",
    "mou_update",
    "pdf_export_render",
    "pdf_export_request",
    "pks_create",
    "pks_obligation_add",
    "pks_obligation_set_done",
    "pks_refresh_by_date",
    "pks_target_add",
    "pks_target_delete",
    "pks_transition",
]
