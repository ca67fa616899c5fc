"""SLA scenarios: a policy, a classification and a list of events, checked without a store.

The JSON form is fixed by DESIGN.md ("Interfaces"); `desk sla check|explain` and
the pack tests use it. Faults raise UserError naming the file and the key; an event
or `now` dated before `opened_at` is one (the ticket did not exist yet).
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from console.domain.clocks import ClockInstance, compute_clocks
from console.domain.contract import Contract
from console.domain.contract_options import option_errors
from console.domain.events import EVENT_KINDS, Event
from console.domain.policy import Pack
from console.domain.timeutil import InstantError, format_instant, parse_instant
from console.errors import UserError
from console.ingest.json_text import JsonError, parse_json
from console.services.packs import get_pack
from console.services.validation import classification_payload, validate_event_payload


@dataclass(frozen=True)
class Scenario:
    pack: Pack
    contract: Contract
    events: list[Event]
    now: datetime


def _instant(value: Any, key: str, source: str) -> datetime:
    try:
        return parse_instant(value, what=key)
    except InstantError as exc:
        raise UserError(str(exc), source=source) from None


def parse_scenario(data: Any, source: str) -> Scenario:
    if not isinstance(data, dict):
        raise UserError("expected a JSON object", source=source)
    for key in ("policy", "plan", "opened_at", "now"):
        if key not in data:
            raise UserError(f"missing required key {key!r}", source=source)
    try:
        pack = get_pack(str(data["policy"]))
    except UserError as exc:
        raise UserError(f"policy: {exc}", source=source) from None
    if not isinstance(data["plan"], str) or data["plan"] not in pack.plans:
        raise UserError(f"plan: {data['plan']!r} is not a plan of {pack.id} "
                        f"(known: {', '.join(pack.plans)})", source=source)
    for key in ("attributes", "options"):
        if not isinstance(data.get(key, {}), dict):
            raise UserError(f"{key}: expected an object", source=source)
    contract = Contract("scenario", "scenario", pack.id, data["plan"], dict(data.get("options", {})))
    errors = option_errors(pack, contract.options)
    if errors:
        raise UserError(f"options: {errors[0]}", source=source)
    try:
        opening = classification_payload(pack, data, required=True)
    except ValueError as exc:
        raise UserError(str(exc), source=source) from None
    opened_at = _instant(data["opened_at"], "opened_at", source)
    events = [Event("e0", "scenario", opened_at, "open",
                    payload={**opening, "attributes": dict(data.get("attributes", {}))}, seq=0)]
    raw_events = data.get("events", [])
    if not isinstance(raw_events, list):
        raise UserError("events: expected a list", source=source)
    for i, raw in enumerate(raw_events, start=1):
        key = f"events[{i - 1}]"
        if not isinstance(raw, dict):
            raise UserError(f"{key}: expected an object", source=source)
        kind = raw.get("kind")
        if kind not in EVENT_KINDS or kind == "open":
            raise UserError(f"{key}.kind: unknown or misplaced event kind {kind!r}", source=source)
        at = _instant(raw.get("at"), f"{key}.at", source)
        if at < opened_at:
            raise UserError(f"{key}.at: {kind} at {format_instant(at)} is before opened_at "
                            f"({format_instant(opened_at)})", source=source)
        payload = {k: v for k, v in raw.items() if k not in ("at", "kind")}
        try:
            payload = validate_event_payload(pack, kind, payload)
        except ValueError as exc:
            raise UserError(f"{key}: {exc}", source=source) from None
        events.append(Event(f"e{i}", "scenario", at, kind, payload=payload, seq=i))
    now = _instant(data["now"], "now", source)
    if now < opened_at:
        # the ticket does not exist yet: no clocks would read as "nothing to do"
        raise UserError(f"now: {format_instant(now)} is before opened_at ({format_instant(opened_at)})",
                        source=source)
    return Scenario(pack, contract, events, now)


def load_scenario(path: Path) -> Scenario:
    try:
        data = parse_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError("no such file", source=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read: {exc}", source=str(path)) from None
    except JsonError as exc:
        raise UserError(str(exc), source=str(path)) from None
    return parse_scenario(data, str(path))


def clocks_of(scenario: Scenario) -> list[ClockInstance]:
    return compute_clocks(scenario.pack, scenario.contract, scenario.events, scenario.now)


def clock_json(clock: ClockInstance) -> dict[str, Any]:
    """The DESIGN.md shape of one metric instance."""
    return {
        "metric": clock.metric,
        "instance": clock.instance,
        "kind": clock.kind,
        "state": clock.state,
        "breached": clock.breached,
        "started_at": format_instant(clock.started_at),
        "due_at": format_instant(clock.due_at),
        "met_at": format_instant(clock.met_at),
        "remaining_seconds": clock.remaining_seconds,
        "calendar": clock.calendar,
        "goal_due_at": format_instant(clock.goal_due_at),
    }
