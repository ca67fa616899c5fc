"""What the demo desk is made of: customers, people and support mail, per vendor pack.

The words are data, in texts/ beside this module (shipped inside the package):
desk.toml (contracts, people, engineers), mail.toml (what any mail may say),
replies.toml (what the desk writes back) and vendors/<pack>.toml (the mail of each
vendor's customers, and the information blocks their pack asks for). This module
reads them when the demo is first imported, into the shapes console/demo/plan.py
picks from with its seeded random source; the order of every list is the file's,
so the same seed still gives the same desk.

Templates use `{slot}` fields: a slot named in the issue's own `slots` is filled
from there, else from the information variant's, else from SLOTS, else by the
generator (the customer, the requester, the information block).
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TEXTS = Path(__file__).resolve().parent / "texts"


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    role: str = ""


@dataclass(frozen=True)
class ContractSpec:
    """A demo contract. Options that are dates are given as days before `now` (`*_days_ago`)."""

    id: str
    customer: str
    policy: str
    plan: str
    domains: tuple[str, ...]
    people: tuple[Person, ...]
    options: dict[str, Any] = field(default_factory=dict)
    days_ago_options: dict[str, int] = field(default_factory=dict)
    info_variants: tuple[str, ...] = ("default",)   # keys of INFO_VARIANTS[policy]
    weight: int = 1                                 # share of its vendor's tickets
    out_of_hours_desk: bool = False                 # p1s are worked at night (worklogs)


@dataclass(frozen=True)
class Part:
    """One of the tickets a multi-problem mail is split into.

    Paragraphs `first`..`last` of the body (counted from 0) become its body;
    `attributes` are set on the child right after the split (its own product).
    """

    subject: str
    severity: str            # a severity id, or "impact/urgency"
    first: int
    last: int
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Issue:
    """One kind of support mail.

    Every slot takes one value per mail, the same in the subject, the body and
    the information block.

    `severities`: severity ids the desk would give it, or "impact/urgency" pairs for
    packs that derive priority. `attributes`: fixed ticket attributes (ISPsystem's
    product, AlmaCare's area). `reject`: the pack's reject reason that fits, if any.
    `parts`: for mail that raises several problems at once, the tickets it should be
    split into.
    """

    subject: str
    body: str
    severities: tuple[str, ...]
    attributes: dict[str, str] = field(default_factory=dict)
    slots: dict[str, tuple[str, ...]] = field(default_factory=dict)
    variants: tuple[str, ...] = ()   # only mail of these INFO_VARIANTS keys (a cloud, a product)
    reject: str | None = None
    parts: tuple[Part, ...] = ()


@dataclass(frozen=True)
class InfoVariant:
    """The information a customer is asked to include, in one variant (a product, a cloud).

    `fields` maps a field id of the pack's required_info to (line template with
    {value}, value choices); a choice may itself hold slots, and `slots` are the
    variant's own.
    """

    fields: dict[str, tuple[str, tuple[str, ...]]]
    slots: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _read(name: str) -> dict[str, Any]:
    return tomllib.loads((TEXTS / name).read_text(encoding="utf-8"))


def _choices(table: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {name: tuple(values) for name, values in table.items()}


def _person(row: dict[str, str]) -> Person:
    return Person(row["name"], row["email"], row.get("role", ""))


def _contract(row: dict[str, Any]) -> ContractSpec:
    return ContractSpec(
        id=row["id"], customer=row["customer"], policy=row["policy"], plan=row["plan"],
        domains=tuple(row["domains"]), people=tuple(_person(p) for p in row["people"]),
        options=row.get("options", {}), days_ago_options=row.get("days_ago_options", {}),
        info_variants=tuple(row.get("info_variants", ("default",))),
        weight=row.get("weight", 1), out_of_hours_desk=row.get("out_of_hours_desk", False),
    )


def _issue(row: dict[str, Any]) -> Issue:
    return Issue(
        subject=row["subject"], body=row["body"], severities=tuple(row["severities"]),
        attributes=row.get("attributes", {}), slots=_choices(row.get("slots", {})),
        variants=tuple(row.get("variants", ())), reject=row.get("reject"),
        parts=tuple(Part(p["subject"], p["severity"], p["first"], p["last"],
                         p.get("attributes", {})) for p in row.get("parts", ())),
    )


def _variant(table: dict[str, Any]) -> InfoVariant:
    fields = {fid: (f["line"], tuple(f["choices"])) for fid, f in table["fields"].items()}
    return InfoVariant(fields, _choices(table.get("slots", {})))


_desk = _read("desk.toml")
CONTRACTS: tuple[ContractSpec, ...] = tuple(_contract(row) for row in _desk["contracts"])
VENDOR_WEIGHTS: dict[str, int] = _desk["vendor_weights"]   # unrouted: no contract of ours
ENGINEERS: tuple[str, ...] = tuple(_desk["engineers"])
INTAKE_ACTOR: str = _desk["intake_actor"]                  # writes on the desk's behalf
UNROUTED_SENDERS: tuple[Person, ...] = tuple(_person(p) for p in _desk["unrouted_senders"])

_mail = _read("mail.toml")
# How a mail about an urgent (top two severities) or a calmer problem ends: {urgency_line}.
URGENCY_LINES: dict[bool, tuple[str, ...]] = {
    True: tuple(_mail["urgency_lines"]["urgent"]), False: tuple(_mail["urgency_lines"]["calm"]),
}
SLOTS: dict[str, tuple[str, ...]] = _choices(_mail["slots"])   # slots any template may use
FORWARDED_DUPLICATE: str = _mail["forwarded_duplicate"]

_vendors = {path.stem: _read(f"vendors/{path.name}")
            for path in sorted((TEXTS / "vendors").glob("*.toml"))}
ISSUES: dict[str, tuple[Issue, ...]] = {
    vendor: tuple(_issue(row) for row in data["issues"]) for vendor, data in _vendors.items()
}
INFO_VARIANTS: dict[str, dict[str, InfoVariant]] = {
    vendor: {key: _variant(v) for key, v in data["info_variants"].items()}
    for vendor, data in _vendors.items() if "info_variants" in data
}

_replies = _read("replies.toml")
REPLIES: tuple[str, ...] = tuple(_replies["replies"])
INFO_REQUESTS: tuple[str, ...] = tuple(_replies["info_requests"])
CUSTOMER_REPLIES: tuple[str, ...] = tuple(_replies["customer_replies"])
UPDATES: tuple[str, ...] = tuple(_replies["updates"])
ESCALATION_NOTES: tuple[str, ...] = tuple(_replies["escalation_notes"])
RECLASSIFY_REASONS: dict[str, tuple[str, ...]] = _choices(_replies["reclassify_reasons"])
RESOLUTIONS: tuple[str, ...] = tuple(_replies["resolutions"])
REJECT_NOTES: tuple[str, ...] = tuple(_replies["reject_notes"])
DUPLICATE_NOTE: str = _replies["duplicate_note"]
WORKLOG_NOTES: tuple[str, ...] = tuple(_replies["worklog_notes"])
DEV_NOTE: str = _replies["dev_note"]
DEVELOPERS_CHASER: str = _replies["developers_chaser"]
CLOSE_NOTE: str = _replies["close_note"]
REOPEN_NOTE: str = _replies["reopen_note"]
NIGHT_REPLY: str = _replies["night_reply"]
NIGHT_ESCALATION_NOTE: str = _replies["night_escalation_note"]
