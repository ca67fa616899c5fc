"""Intake limits that `desk import` and `desk watch` offer as option defaults (a module of its
own, so reading `desk`'s arguments does not load the readers)."""

# Attachments up to this size are kept; larger ones are recorded as metadata only.
DEFAULT_MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024
