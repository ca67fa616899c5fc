"""Subcommand groups of `desk`, one module per area; each exposes `register(subparsers)`.

A handler takes the `Context` of console/cli.py and returns an exit code. Modules
import their heavy dependencies inside handlers, so `desk --help` and quick
commands stay fast.
"""

from console.commands import (
    calendar_cmds,  # calendar add | between
    demo_cmds,  # demo
    intake_cmds,  # import, watch
    lead_cmds,  # tick, forecast, report sla, policy diff
    outbox_cmds,  # outbox [send | retry]
    policy_cmds,  # policy validate | list | show
    search_cmds,  # search
    serve_cmds,  # serve
    sla_cmds,  # sla check | explain
    store_cmds,  # init, contract, contracts, open, event, ticket, queue, rebuild
)

COMMAND_MODULES = (
    store_cmds, calendar_cmds, sla_cmds, policy_cmds, intake_cmds, lead_cmds, serve_cmds,
    demo_cmds, outbox_cmds, search_cmds,
)
