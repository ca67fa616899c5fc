"""Severity as the customer states it, mapped onto each pack's scale; required information; tokens."""

import pytest

from console.ingest.fields import required_fields, stated_severity, ticket_token, without_quotes
from console.services.packs import get_pack


@pytest.mark.parametrize(("policy", "text", "severity"), [
    ("almacare", "Severity: 2", "sev2"),
    ("almacare", "Sev 1 - production down", "sev1"),
    ("almacare", "Subject: Sev1 database gone", "sev1"),
    ("almacare", "Severity Level 1", "sev1"),
    ("almacare", "Priority: Business Standstill", "sev1"),
    ("procomputers", "severity=3", "sev3"),
    ("ispsystem", "Criticality: Emergency", "emergency"),
    ("ispsystem", "Priority: High", "high"),
    ("ispsystem", "Severity: 2", "high"),       # second rank of the scale
    ("pro2col", "Priority: P2", "p2"),
    ("pro2col", "Severity: 5", "p5"),
    ("pro2col", "Prio P1!", "p1"),
])
def test_stated_severity_maps_onto_the_pack_scale(policy, text, severity):
    assert stated_severity(text, get_pack(policy)).classification == {"severity": severity}


def test_impact_and_urgency_derive_priority_on_a_matrix_pack():
    stated = stated_severity("Impact: High / Urgency: Medium", get_pack("pro2col"))
    assert stated.classification == {"impact": "high", "urgency": "medium"}
    assert stated.text == "Impact: High / Urgency: Medium"
    # a pack without a matrix ignores them and looks for a severity instead
    assert stated_severity("Impact: High, Urgency: Low", get_pack("ispsystem")).classification == {}


def test_the_stated_words_are_kept_even_when_they_map_onto_nothing():
    stated = stated_severity("Severity: 7 (we made it up)", get_pack("ispsystem"))
    assert stated.classification == {} and stated.text == "Severity: 7"
    unrouted = stated_severity("Sev 1 - our server is down", None)
    assert unrouted.classification == {} and unrouted.text == "Sev 1"


@pytest.mark.parametrize("prose", [
    "This is a top priority for us and several users are affected.",
    "The severity of the outage is hard to judge.",
    "We need level 2 support.",
])
def test_prose_is_not_a_statement(prose):
    assert stated_severity(prose, get_pack("almacare")) == stated_severity("", None)


def test_the_first_statement_that_maps_wins():
    text = "Severity: whatever\nSeverity: 1\nSeverity: 3"
    assert stated_severity(text, get_pack("almacare")).classification == {"severity": "sev1"}


def test_procomputers_required_information_aws_and_azure():
    pack = get_pack("procomputers")
    aws = ("$ cat /etc/procomputers-release\nProComputers AlmaLinux 9.4 image release 2026.02.1\n"
           "Instance type: m5.xlarge\nRegion: eu-west-1\nAWS account ID: 123456789012\n")
    assert required_fields(aws, pack) == {
        "image_version": "ProComputers AlmaLinux 9.4 image release 2026.02.1",
        "instance_type": "m5.xlarge", "region": "eu-west-1", "account_id": "123456789012"}
    azure = ("VM size: Standard_D4s_v5, region: westeurope\n"
             "Subscription ID: 7f3c2a10-4b5e-4c6d-9e8f-0a1b2c3d4e5f")
    assert required_fields(azure, pack) == {
        "instance_type": "Standard_D4s_v5", "region": "westeurope",
        "account_id": "7f3c2a10-4b5e-4c6d-9e8f-0a1b2c3d4e5f"}
    assert [f.id for f in pack.missing_info(required_fields(azure, pack))] == ["image_version"]


def test_pro2col_required_information_lines():
    text = ("Product: MOVEit Transfer\nModules: SFTP, Ad Hoc\nVersion: 2024.0.3\n"
            "Operating system: Windows Server 2022\nSerial No.: MIT-1\n")
    assert required_fields(text, get_pack("pro2col")) == {
        "product": "MOVEit Transfer", "modules": "SFTP, Ad Hoc", "version": "2024.0.3",
        "os": "Windows Server 2022", "serial": "MIT-1"}


def test_ispsystem_product_names_and_version():
    pack = get_pack("ispsystem")
    for product in ("VMmanager", "DCImanager", "BILLmanager", "DNSmanager"):
        found = required_fields(f"Our {product} version 6.2.1 fails", pack)
        assert found == {"product": product, "version": "6.2.1"}


def test_ticket_token_and_quotes():
    assert ticket_token("Re: [#T-1234] disk full") == "T-1234"
    assert ticket_token("Re: [# t-77 ] disk full") == "T-77"
    assert ticket_token("Re: T-1234 disk full") is None
    reply = ("Thanks, that helped.\n> Region: us-east-1\n\n-----Original Message-----\n"
             "From: desk\nRegion: eu-west-1\n")
    assert without_quotes(reply).strip() == "Thanks, that helped."
