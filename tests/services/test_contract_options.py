"""Contract options are checked against the pack when the contract is added."""

import pytest

from console.errors import UserError
from console.services.contracts import add_contract
from console.store import Store


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "desk.db") as s:
        yield s


@pytest.mark.parametrize("policy,plan,options,fault", [
    ("almacare", "enhanced", {"sev1_update_interval": "soon"}, "option sev1_update_interval"),
    ("almacare", "enhanced", {"sev1_update_interval": "12 hours"}, "more often than allowed"),
    ("almacare", "enhanced", {"technical_leads": "ana@example.com"}, "option technical_leads: expected a list"),
    ("almacare", "enhanced", {"hosts": "many"}, "option hosts"),
    ("almacare", "essential", {"holidays": ["2026-13-01"]}, "option holidays"),
    ("ispsystem", "standard", {"term_end": "next year"}, "option term_end"),
    ("ispsystem", "standard", {"supported_versions": "6.12"}, "option supported_versions"),
    ("pro2col", "24x7", {"fair_use_prepaid_minutes": -5}, "fair_use_prepaid_minutes"),
    ("pro2col", "24x7", {"contract_year_start": "02-29"}, "contract_year_start"),
])
def test_bad_option_is_refused_and_nothing_written(store, policy, plan, options, fault):
    with pytest.raises(UserError, match=fault):
        add_contract(store, contract_id="c1", customer="Acme", policy=policy, plan=plan, options=options)
    assert store.conn.execute("select count(*) from contracts").fetchone()[0] == 0


def test_good_options_are_kept(store):
    c = add_contract(store, contract_id="c1", customer="Acme", policy="almacare", plan="enhanced",
                     options={"sev1_update_interval": "2 days", "hosts": 1200,
                              "technical_leads": ["ana@acme.example"], "holidays": ["2026-12-24"]})
    assert c.options["hosts"] == 1200
