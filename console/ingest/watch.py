"""Polling a Maildir for messages delivered since the last look.

The mail system delivers into tmp/ and renames into new/, so whatever is in
new/ or cur/ is complete. The folder is only read, never changed: the watcher
remembers the unique names it has handed out (the part of a Maildir name that
survives a reader's move to cur/), and the store's Message-ID keys make a
restarted watcher skip what an earlier one imported.
"""

from pathlib import Path

from console.ingest.mailboxes import maildir_files, maildir_unique_name


class MaildirWatcher:
    def __init__(self, folder: Path):
        self.folder = folder
        self.seen: set[str] = set()

    def poll(self) -> list[Path]:
        """Message files not handed out before, oldest delivery first."""
        fresh = []
        for path in maildir_files(self.folder):
            name = maildir_unique_name(path)
            if name not in self.seen:
                self.seen.add(name)
                fresh.append(path)
        return fresh
