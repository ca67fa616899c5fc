"""Support Console: a keyboard-first terminal console over a local SQLite store."""

__version__ = "0.1.0"
