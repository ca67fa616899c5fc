"""Plain `desk`: open the console on the store (creating an empty one at the default location)."""

from console.config import engineer_name


def open_console(ctx) -> int:
    read_only = bool(getattr(ctx.args, "read_only", False))
    # A missing store is refused (or the default one made) before Textual takes the terminal.
    ctx.open_store(read_only=read_only).close()
    # Textual loads here, not at `desk` start-up, so the other subcommands stay quick.
    from console.tui.app import DeskApp

    app = DeskApp(ctx.db_path, ctx.clock, actor=engineer_name(), read_only=read_only)
    app.run()
    return app.return_code or 0
