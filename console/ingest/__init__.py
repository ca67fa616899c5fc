"""Intake: reading mail (.eml, mbox, Maildir) and bulk files (JSON, CSV) into `Incoming` records.

Nothing here touches the store; console/services/intake.py writes what these
modules read, one transaction per message.
"""
