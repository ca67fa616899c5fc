"""A sender killed (kill -9) after the server accepted a mail, before marking it sent.

The server itself kills the `desk outbox send` process on receiving the message,
then accepts it: the mail has left, the store does not know. The mail is
delivered again once the dead sender's claim runs out, with the same
Message-ID, so the customer's client can tell the copy; never a third time.
"""

import os
import signal
import subprocess
import sys
from email import message_from_bytes

from console.services.tickets import record
from console.store import outbox as rows
from tests.mail.conftest import FROM, at, ticket


def send(tmp_path, smtp, now):
    env = {**os.environ, "DESK_SMTP_URL": smtp.url, "DESK_MAIL_FROM": FROM,
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    return subprocess.Popen([sys.executable, "-m", "console.cli", "--db", str(tmp_path / "desk.db"),
                             "--now", now, "outbox", "send"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_kill_between_accept_and_mark_sent_delivers_one_duplicate_with_the_same_id(
        store, smtp, tmp_path):
    for n in range(2):
        record(store, ticket(store, subject=f"Case {n}"), "respond", {"note": f"Answer {n}"},
               at=at(5))
    senders = []
    smtp.handler.on_data = lambda envelope: os.kill(senders[0].pid, signal.SIGKILL)
    senders.append(send(tmp_path, smtp, "2026-03-02T10:06:00Z"))
    assert senders[0].wait(timeout=60) == -signal.SIGKILL
    smtp.handler.on_data = None
    assert len(smtp.handler.envelopes) == 1
    assert [r["state"] for r in rows.rows(store)] == ["queued", "queued"]

    # While the dead sender's claim lasts, another sender leaves its mail alone.
    early = send(tmp_path, smtp, "2026-03-02T10:07:00Z")
    assert early.wait(timeout=60) == 1        # one mail is still out of its reach
    assert len(smtp.handler.envelopes) == 2   # the other mail only

    late = send(tmp_path, smtp, "2026-03-02T10:17:00Z")
    assert late.wait(timeout=60) == 0
    again = send(tmp_path, smtp, "2026-03-02T10:30:00Z")
    assert again.wait(timeout=60) == 0
    ids = [message_from_bytes(m)["Message-ID"] for m in smtp.handler.messages()]
    assert len(ids) == 3 and ids[0] == ids[2] and ids[1] != ids[0]
    assert {r["state"] for r in rows.rows(store)} == {"sent"}
