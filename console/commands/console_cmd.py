"""Plain `desk`: open the console on the store (creating an empty one if there is none)."""

from console.config import engineer_name


def open_console(ctx) -> int:
    # Textual loads here, not at `desk` start-up, so the other subcommands stay quick.
    from console.tui.app import DeskApp

    app = DeskApp(ctx.db_path, ctx.clock, actor=engineer_name(),
                  read_only=bool(getattr(ctx.args, "read_only", False)))
    app.run()
    return app.return_code or 0
