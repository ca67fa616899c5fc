"""Benchmark: `desk import` of a 10 000-message mbox, as a desk moving its mail in would run it.

The mailbox mixes what a desk receives: new requests to the four vendors' contracts
(plain, quoted-printable, HTML-only, with a small log attached) and from unknown
senders, replies threaded by References, out-of-office auto-replies, and messages
delivered twice. The import runs as its own process, so the figures are the CLI's
own: messages per second (wall clock; the CPU time is printed too, since the machine
may be shared) and peak resident memory. Every message is its own transaction, and the
store syncs each commit to disk, so the disk's sync time is part of the figure. A second run over the same mailbox measures the idempotent path (every
message already in).
"""

import base64
import json
import quopri
import random
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.measure import desk_measured

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = 10_000
NOW = "2026-04-01T00:00:00Z"
SENDERS = (
    ("cloudco.example", "ProComputers", ("Region: eu-west-1\nInstance type: m5.large\n"
     "AWS account ID: 123456789012\n$ cat /etc/procomputers-release\nProComputers AlmaLinux 9.4 release 2026.02\n")),
    ("fileco.example", "Pro2col", ("Product: MOVEit Transfer\nModules: SFTP\nVersion: 2024.0.3\n"
     "OS: Windows Server 2022\nSerial: MIT-1\nImpact: Medium\nUrgency: High\n")),
    ("hostco.example", "ISPsystem", "VMmanager version 6.12.1 fails to migrate. Severity: 2\n"),
    ("tuxco.example", "AlmaCare", "Kernel live patch question.\n"),
    ("stranger.example", "nobody", "Please help, something is broken.\n"),
)
CONTRACTS = (
    ("cloudco", "procomputers", "standard", "cloudco.example"),
    ("fileco", "pro2col", "standard", "fileco.example"),
    ("hostco", "ispsystem", "standard", "hostco.example"),
    ("tuxco", "almacare", "enhanced", "tuxco.example"),
)
FILLER = ("We noticed this after the maintenance window last night; the logs show nothing "
          "unusual before the failure. Users report intermittent timeouts. ") * 4


def _message(n: int, rng: random.Random, earlier: list[str]) -> tuple[bytes, str | None]:
    """One message and its Message-ID (None for a re-delivery, which repeats an earlier one)."""
    day, minute = divmod(n, 1440)
    date = f"{1 + day % 28:02d} Mar 2026 {minute // 60:02d}:{minute % 60:02d}:00 +0000"
    domain, vendor, facts = SENDERS[n % len(SENDERS)]
    message_id = f"<bench-{n}@{domain}>"
    head = f"From: user{n % 97}@{domain}\nTo: support@desk.example\nDate: {date}\nMessage-ID: {message_id}\n"
    roll = rng.random()
    if earlier and roll < 0.20:
        parent = rng.choice(earlier[-400:])
        body = "Thanks, here is the output you asked for.\n\n> earlier text\n"
        return (head + f"Subject: Re: case\nIn-Reply-To: {parent}\nReferences: {parent}\n\n{body}").encode(), message_id
    if earlier and roll < 0.25:
        parent = rng.choice(earlier[-400:])
        return (head + f"Subject: Out of office\nAuto-Submitted: auto-replied\nReferences: {parent}\n\n"
                "I am away until Monday.\n").encode(), message_id
    subject = f"Subject: {vendor} issue {n}\nMIME-Version: 1.0\n"
    text = f"Hello,\n\n{FILLER}\n{facts}\nRegards\n"
    if roll < 0.40:
        return (head + subject + "Content-Type: text/plain; charset=utf-8\n"
                "Content-Transfer-Encoding: quoted-printable\n\n"
                + quopri.encodestring(text.encode()).decode()).encode(), message_id
    if roll < 0.50:
        html = "".join(f"<p>{line}</p>" for line in text.splitlines() if line)
        return (head + subject + "Content-Type: text/html; charset=utf-8\n\n<html><body>"
                + html + "</body></html>\n").encode(), message_id
    if roll < 0.60:
        log = base64.encodebytes(b"2026-03-01 ERROR task failed\n" * 60).decode()
        return (head + subject + 'Content-Type: multipart/mixed; boundary="b"\n\n--b\n'
                "Content-Type: text/plain; charset=utf-8\n\n" + text + "\n--b\n"
                'Content-Type: text/plain; name="task.log"\nContent-Disposition: attachment; '
                'filename="task.log"\nContent-Transfer-Encoding: base64\n\n' + log + "--b--\n").encode(), message_id
    return (head + subject + "Content-Type: text/plain; charset=utf-8\n\n" + text).encode(), message_id


def _mailbox(path: Path) -> dict[str, int]:
    rng = random.Random(2026)
    earlier: list[str] = []
    delivered: list[bytes] = []
    kinds = {"new": 0, "reply": 0, "auto": 0, "again": 0}
    with path.open("wb") as out:
        for n in range(MESSAGES):
            if delivered and rng.random() < 0.03:
                raw = rng.choice(delivered[-200:])
                kinds["again"] += 1
            else:
                raw, message_id = _message(n, rng, earlier)
                kind = "reply" if b"In-Reply-To" in raw else "auto" if b"Auto-Submitted" in raw else "new"
                kinds[kind] += 1
                if kind == "new":
                    earlier.append(message_id)
                delivered.append(raw)
            out.write(b"From bench@desk.example Sun Mar  1 00:00:00 2026\n" + raw + b"\n")
    return kinds


def _desk(db: Path, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "console.cli", "--db", str(db), "--now", NOW, *argv],
                          cwd=ROOT, capture_output=True, text=True, check=False)


def _desk_measured(db: Path, out: Path, *argv: str) -> tuple[int, float, int]:
    """Run desk with stdout to `out`: (exit code, CPU seconds, peak memory in KiB) of that run."""
    code, _, cpu, peak_kib = desk_measured(out, "--db", str(db), "--now", NOW, *argv)
    return code, cpu, peak_kib


def test_import_ten_thousand_messages(tmp_path):
    mbox = tmp_path / "bench.mbox"
    kinds = _mailbox(mbox)
    db = tmp_path / "desk.db"
    assert _desk(db, "init").returncode == 0
    for contract_id, policy, plan, domain in CONTRACTS:
        assert _desk(db, "contract", "add", "--id", contract_id, "--customer", contract_id,
                     "--policy", policy, "--plan", plan, "--domain", domain).returncode == 0

    started = time.perf_counter()
    code, cpu, peak_kib = _desk_measured(db, tmp_path / "summary.json", "import", "--json", str(mbox))
    elapsed = time.perf_counter() - started
    assert code == 0
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["created"] == kinds["new"]
    assert summary["threaded"] == kinds["reply"] and summary["noted"] == kinds["auto"]
    assert summary["duplicates"] == kinds["again"] and summary["skipped"] == 0

    started = time.perf_counter()
    again = _desk(db, "import", "--json", str(mbox))
    elapsed_again = time.perf_counter() - started
    assert json.loads(again.stdout)["duplicates"] == MESSAGES

    print(f"\nimport of {MESSAGES} messages ({mbox.stat().st_size / 2**20:.1f} MiB mbox: "
          f"{kinds['new']} new, {kinds['reply']} replies, {kinds['auto']} auto-replies, "
          f"{kinds['again']} delivered twice): {elapsed:.1f} s, {MESSAGES / elapsed:.0f} messages/s "
          f"({cpu:.1f} s of CPU: {MESSAGES / cpu:.0f} messages per CPU second), "
          f"peak memory {peak_kib / 1024:.0f} MiB")
    print(f"re-import (all already in): {elapsed_again:.1f} s, {MESSAGES / elapsed_again:.0f} messages/s")
