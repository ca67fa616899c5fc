"""Correcting a ticket's attributes (product, version and the like): the clocks follow.

A correction is a `set_attributes` event, checked against the pack by the write
path (a product must be one the pack knows). From the correction on, each clock
counts on the calendar the new attributes choose; time before it stays counted
as it was (console/domain/clocks.py: an attribute change is a stretch boundary).
The preview is reclassify's: the clocks before and after, nothing written.
"""

from collections.abc import Mapping
from datetime import datetime

from console.domain.events import Event
from console.services.actions import DuePreview, change_preview
from console.services.tickets import record
from console.store.database import Store


def attributes_preview(store: Store, ticket_id: str, attributes: Mapping[str, str], *,
                       at: datetime) -> list[DuePreview]:
    """Each clock now, and as it would be after the correction."""
    return change_preview(store, ticket_id, "set_attributes", {"attributes": dict(attributes)},
                          at=at, what="corrected")


def set_attributes(store: Store, ticket_id: str, attributes: Mapping[str, str], *, at: datetime,
                   actor: str, reason: str = "", expected_version: int | None = None) -> Event:
    payload: dict = {"attributes": dict(attributes)}
    if reason.strip():
        payload["reason"] = reason.strip()
    return record(store, ticket_id, "set_attributes", payload, at=at, actor=actor,
                  expected_version=expected_version)
