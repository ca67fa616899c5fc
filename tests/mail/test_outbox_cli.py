"""`desk outbox [--json]`, `desk outbox send` (exit 0 / 1 / 2), `desk outbox retry`, settings."""

import json

import pytest

from console import config
from console.cli import main
from console.services.tickets import record
from tests.mail.conftest import FROM, at, ticket

NOW = "2026-03-02T10:06:00Z"


@pytest.fixture
def desk(store, tmp_path, monkeypatch):
    """The store file with one queued reply, and the CLI pointed at it."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("DESK_MAIL_FROM", FROM)
    record(store, ticket(store), "respond", {"note": "Fixed."}, at=at(5))

    def run(*args, now=NOW):
        return main(["--db", str(tmp_path / "desk.db"), "--now", now, *args])
    return run


def test_listing_as_json(desk, capsys):
    assert desk("outbox", "--json") == 0
    [mail] = json.loads(capsys.readouterr().out)
    assert (mail["state"], mail["to"], mail["attempts"], mail["last_error"]) == (
        "queued", "ann@customer.example", 0, None)


def test_send_delivers_and_exits_0_then_has_nothing_to_do(desk, smtp, monkeypatch, capsys):
    monkeypatch.setenv("DESK_SMTP_URL", smtp.url)
    assert desk("outbox", "send") == 0
    assert "1 sent, 0 undelivered" in capsys.readouterr().out
    assert desk("outbox", "send", "--json") == 0
    assert json.loads(capsys.readouterr().out)["sent"] == []
    assert desk("outbox", "--json", "--state", "sent") == 0
    assert json.loads(capsys.readouterr().out)[0]["sent_at"] == NOW
    assert len(smtp.handler.envelopes) == 1


def test_offline_is_one_line_for_all_the_mail_and_exit_1(desk, store, smtp, monkeypatch, capsys):
    monkeypatch.setenv("DESK_SMTP_URL", smtp.url)
    for n in range(2):
        record(store, ticket(store, subject=f"More {n}"), "respond", {"note": "Hi."}, at=at(5))
    smtp.stop()
    assert desk("outbox", "send") == 1
    captured = capsys.readouterr()
    err = captured.err.strip().splitlines()
    assert len(err) == 1 and "cannot reach 127.0.0.1" in err[0] and "stays queued" in err[0]
    assert "0 sent, 3 undelivered" in captured.out


def test_a_refused_mail_exits_1_and_shows_the_answer(desk, smtp, monkeypatch, capsys):
    monkeypatch.setenv("DESK_SMTP_URL", smtp.url)
    smtp.handler.answer = "550 5.1.1 mailbox unknown"
    assert desk("outbox", "send") == 1
    assert "failed: 550 5.1.1 mailbox unknown" in capsys.readouterr().out
    smtp.handler.answer = None
    assert desk("outbox", "retry", "1") == 0
    assert desk("outbox", "send") == 0


@pytest.mark.parametrize("url", [None, "imap://127.0.0.1:143"])
def test_bad_settings_exit_2_and_send_nothing(desk, monkeypatch, capsys, url):
    if url:
        monkeypatch.setenv("DESK_SMTP_URL", url)
    assert desk("outbox", "send") == 2
    err = capsys.readouterr().err
    assert err.startswith("desk: ") and len(err.strip().splitlines()) == 1


def test_settings_come_from_desk_toml_and_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    for name in ("DESK_SMTP_URL", "DESK_MAIL_FROM", "DESK_SMTP_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "support-console").mkdir()
    (tmp_path / "support-console" / "desk.toml").write_text(
        '[mail]\nsmtp = "smtp+starttls://desk@mail.example:587"\nfrom = "help@desk.example"\n'
        'password_command = "pass show desk/smtp"\nsignature = "The desk"\n')
    assert config.mail() == config.MailSettings(
        smtp="smtp+starttls://desk@mail.example:587", sender="help@desk.example", password=None,
        password_command="pass show desk/smtp", signature="The desk")
    monkeypatch.setenv("DESK_SMTP_URL", "smtps://relay.example")
    assert config.mail().smtp == "smtps://relay.example"


def test_an_unreadable_desk_toml_is_a_bad_setting(desk, tmp_path, capsys):
    folder = tmp_path / "config" / "support-console"
    folder.mkdir(parents=True)
    (folder / "desk.toml").write_text("[mail\nsmtp = 1\n")
    assert desk("outbox", "send") == 2
    assert "desk.toml" in capsys.readouterr().err
