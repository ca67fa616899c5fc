"""Subcommand groups of `desk`, one module per area; each exposes `register(subparsers)`.

A handler takes the `Context` of console/cli.py and returns an exit code.
"""

import importlib

_NAMES = (
    "store_cmds",      # init, contract, contracts, open, event, ticket, queue, rebuild, demo
    "calendar_cmds",   # calendar add | between
    "sla_cmds",        # sla check | explain
    "policy_cmds",     # policy validate | list | show
    "intake_cmds",     # import, watch
    "lead_cmds",       # tick, forecast, report sla, serve
    "demo_cmds",       # demo
)

COMMAND_MODULES = []
for _name in _NAMES:
    try:
        COMMAND_MODULES.append(importlib.import_module(f"console.commands.{_name}"))
    except ModuleNotFoundError as exc:  # an area not yet written must not break the others
        if exc.name != f"console.commands.{_name}":
            raise
