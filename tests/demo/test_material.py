"""The demo's texts are data: every key in them is one the demo reads, and they agree with the packs."""

import tomllib
from dataclasses import fields
from pathlib import Path

import pytest

from console.demo import material
from console.resources import policies_dir
from console.services import packs

VENDOR_FILES = sorted((material.TEXTS / "vendors").glob("*.toml"))


def names(cls) -> set[str]:
    return {f.name for f in fields(cls)}


def read(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_contracts_and_people_use_only_the_keys_of_their_specs():
    desk = read(material.TEXTS / "desk.toml")
    assert set(desk) == {"engineers", "intake_actor", "vendor_weights", "unrouted_senders",
                         "contracts"}
    for contract in desk["contracts"]:
        assert set(contract) <= names(material.ContractSpec), contract["id"]
        for person in contract["people"]:
            assert set(person) <= names(material.Person), contract["id"]
    assert all(set(person) <= names(material.Person) for person in desk["unrouted_senders"])


@pytest.mark.parametrize("path", VENDOR_FILES, ids=lambda p: p.stem)
def test_issues_and_information_blocks_use_only_the_keys_the_demo_reads(path):
    data = read(path)
    assert set(data) <= {"issues", "info_variants"}
    for issue in data["issues"]:
        assert set(issue) <= names(material.Issue), issue["subject"]
        assert all(set(part) <= names(material.Part) for part in issue.get("parts", ()))
    for key, variant in data.get("info_variants", {}).items():
        assert set(variant) <= names(material.InfoVariant), key
        assert all(set(f) == {"line", "choices"} for f in variant["fields"].values()), key


def test_every_reply_list_is_read():
    replies = read(material.TEXTS / "replies.toml")
    assert all(hasattr(material, key.upper()) for key in replies)
    assert set(read(material.TEXTS / "mail.toml")) == {"urgency_lines", "slots", "forwarded_duplicate"}
    assert set(material.RECLASSIFY_REASONS) == {"up", "down"}


def test_the_desk_agrees_with_the_packs():
    shipped = {p.stem for p in policies_dir().glob("*.toml")}
    assert set(material.ISSUES) == shipped | {"unrouted"}
    assert set(material.VENDOR_WEIGHTS) == set(material.ISSUES)
    for spec in material.CONTRACTS:
        pack = packs.get_pack(spec.policy)
        assert spec.plan in pack.plans, spec.id
        variants = material.INFO_VARIANTS.get(spec.policy, {"default": None})
        assert set(spec.info_variants) <= set(variants), spec.id
        required = {f.id for f in pack.required_info}
        for variant in material.INFO_VARIANTS.get(spec.policy, {}).values():
            assert set(variant.fields) <= required, spec.id

