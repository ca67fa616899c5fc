"""`desk serve`: loopback by default, a warning when bound elsewhere, bad ports refused.

No server is started: textual-serve's Server is replaced by a recorder.
"""

import shlex
import sys

import pytest

from console.cli import main
from console.commands.lead_cmds import is_loopback


@pytest.fixture
def served(monkeypatch):
    calls = []

    class Recorder:
        def __init__(self, command, host, port, title):
            calls.append({"command": command, "host": host, "port": port, "title": title})

        def serve(self):
            calls.append("served")

    import textual_serve.server

    monkeypatch.setattr(textual_serve.server, "Server", Recorder)
    return calls


def test_loopback_by_default_and_quietly(served, tmp_path, capsys):
    db = tmp_path / "my desk.db"
    assert main(["--db", str(db), "--now", "2026-03-02T10:00:00Z", "serve"]) == 0
    config, state = served
    assert (config["host"], config["port"], state) == ("127.0.0.1", 8000, "served")
    assert shlex.split(config["command"]) == [sys.executable, "-m", "console.cli", "--db", str(db),
                                              "--now", "2026-03-02T10:00:00Z"]
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "desk.example.org"])
def test_any_other_address_gets_a_clear_warning(served, tmp_path, capsys, host):
    assert main(["--db", str(tmp_path / "d.db"), "serve", "--host", host, "--port", "9000"]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"desk: warning: serving on {host}:9000, beyond this machine")
    assert "--host 127.0.0.1" in err and served[0]["host"] == host


@pytest.mark.parametrize("port", ["0", "70000"])
def test_a_port_out_of_range_is_refused(served, tmp_path, capsys, port):
    assert main(["--db", str(tmp_path / "d.db"), "serve", "--port", port]) == 2
    assert "--port" in capsys.readouterr().err and served == []


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("127.5.5.5", True), ("::1", True),
                                            ("[::1]", True), ("localhost", True), ("0.0.0.0", False),
                                            ("10.0.0.1", False), ("example.org", False)])
def test_loopback_addresses(host, loopback):
    assert is_loopback(host) is loopback
