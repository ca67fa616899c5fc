"""Checks an event's payload before it is written (or simulated): the fields its kind
requires (the registry in console/domain/events.py), then what its pack allows.

Shared by the store's services and by `desk sla check`, so a scenario and a real
ticket refuse the same mistakes with the same words.
"""

from typing import Any

from console.domain.events import missing_fields
from console.domain.policy import Pack, Tier

LEVELS = ("high", "medium", "low")
# Kinds whose payload only the contract's pack can check (its severities, ladder, reasons).
PACK_CHECKED = ("reclassify", "escalate", "forward_team", "reject", "worklog", "set_attributes")


def classification_payload(pack: Pack, data: dict[str, Any], *, required: bool) -> dict[str, Any]:
    """severity, or impact+urgency (derived through the pack's matrix), as payload keys."""
    impact, urgency, severity = data.get("impact"), data.get("urgency"), data.get("severity")
    if impact is not None or urgency is not None:
        if pack.matrix is None:
            raise ValueError(f"{pack.id} has no impact x urgency matrix; give a severity")
        for name, value in (("impact", impact), ("urgency", urgency)):
            if str(value).lower() not in LEVELS:
                raise ValueError(f"{name}: {value!r} is not one of {', '.join(LEVELS)}")
        derived = pack.derive_severity(str(impact), str(urgency))
        if severity is not None and severity != derived:
            raise ValueError(f"severity {severity!r} contradicts impact {impact}/urgency {urgency} "
                             f"({derived})")
        return {"impact": str(impact).lower(), "urgency": str(urgency).lower(), "severity": derived}
    if severity is None:
        if required:
            raise ValueError("severity: missing (give severity, or impact and urgency)")
        return {}
    if severity not in pack.severities:
        raise ValueError(f"severity: {severity!r} is not a severity of {pack.id} "
                         f"(known: {', '.join(pack.severities)})")
    return {"severity": severity}


def validate_event_payload(pack: Pack, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The payload to store for `kind`, or ValueError saying what is wrong."""
    payload = dict(payload)
    check_fields(kind, payload)
    if kind == "reclassify":
        payload.update(classification_payload(pack, payload, required=True))
    elif kind == "escalate":
        tier = pack.tier(payload["tier"])
        if tier is None:
            raise ValueError(f"tier: {payload['tier']!r} is not on the {pack.id} ladder "
                             f"(known: {', '.join(t.id for t in pack.tiers)})")
        if tier.via != "escalate":
            raise ValueError(f"tier: {tier.id!r} is reached by {tier.via}, not escalate")
    elif kind == "forward_team":
        team = forward_tier(pack)
        if team is None:
            raise ValueError(f"{pack.id} has no tier reached by forward_team: escalate instead")
        if payload.setdefault("tier", team.id) != team.id:
            raise ValueError(f"tier: forward_team reaches {team.id!r}, not {payload['tier']!r}")
    elif kind == "reject":
        reason = payload["reason"]
        if reason not in pack.reject_reasons:
            raise ValueError(f"reason: {reason!r} is not a reject reason of {pack.id} "
                             f"(known: {', '.join(pack.reject_reasons)})")
    elif kind == "set_attributes":
        payload["attributes"] = attribute_values(pack, payload["attributes"])
    elif kind == "worklog":
        minutes = payload["minutes"]
        if not isinstance(minutes, int) or minutes <= 0:
            raise ValueError(f"minutes: expected a positive whole number, got {minutes!r}")
    return payload


def attribute_values(pack: Pack, attributes: Any) -> dict[str, str]:
    """Ticket attributes as they are stored: text values, each one its pack knows where the
    pack lists the values of a field (ISPsystem's products), in the pack's spelling."""
    if not isinstance(attributes, dict) or not attributes:
        raise ValueError("attributes: give one or more KEY=VALUE")
    known = {f.id: f.values for f in pack.required_info if f.values}
    out = {}
    for key, value in attributes.items():
        text = str(value).strip()
        if not str(key).strip() or not text:
            raise ValueError(f"attributes: {key}={value!r} needs a key and a value")
        if key in known and text.lower() not in known[key]:
            raise ValueError(f"{key}: {text!r} is not one {pack.id} knows "
                             f"(known: {', '.join(known[key])})")
        out[str(key).strip()] = text.lower() if key in known else text
    return out


def check_fields(kind: str, payload: dict[str, Any]) -> None:
    """ValueError naming the first field the event-kind registry requires and `payload` lacks."""
    missing = missing_fields(kind, payload)
    if missing:
        raise ValueError(f"{kind} needs {missing[0]!r}")


def forward_tier(pack: Pack | None) -> Tier | None:
    """The tier of the pack's ladder reached by `forward_team` (ISPsystem's team), if it has one."""
    return next((t for t in pack.tiers if t.via == "forward_team"), None) if pack else None
