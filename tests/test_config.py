"""Settings come from console/config.py alone, read at the moment they are asked for."""

import ast
import getpass
from pathlib import Path

from console import config

CONSOLE = Path(config.__file__).resolve().parent


def environment_reads(path: Path) -> list[str]:
    """Where a module reads the environment or the home folder itself: `line: what`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and (
            (node.value.id == "os" and node.attr in {"environ", "environb", "getenv", "getenvb"})
            or (node.value.id == "Path" and node.attr == "home")
        ):
            found.append(f"{node.lineno}: {node.value.id}.{node.attr}")
        elif isinstance(node, ast.Attribute) and node.attr == "expanduser":
            found.append(f"{node.lineno}: expanduser")
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            found += [f"{node.lineno}: from os import {a.name}" for a in node.names
                      if a.name in {"environ", "environb", "getenv", "getenvb"}]
    return found


def test_no_module_but_config_reads_the_environment():
    modules = sorted(CONSOLE.rglob("*.py"))
    assert len(modules) > 50
    offenders = {str(p.relative_to(CONSOLE)): found for p in modules
                 if p != CONSOLE / "config.py" and (found := environment_reads(p))}
    assert offenders == {}
    assert environment_reads(CONSOLE / "config.py")   # the check sees the reads it forbids


def test_a_setting_is_read_when_asked_not_at_import(monkeypatch):
    monkeypatch.setenv("DESK_SHIFT_HOURS", "6")
    assert config.shift_hours() == "6"
    monkeypatch.setenv("DESK_SHIFT_HOURS", "10")
    assert config.shift_hours() == "10"
    monkeypatch.setenv("DESK_NOW", "2026-03-04T10:30:00Z")
    assert config.frozen_now() == "2026-03-04T10:30:00Z"


def test_a_blank_variable_counts_as_unset(monkeypatch):
    for name, read in (("DESK_DB", config.db), ("DESK_NOW", config.frozen_now),
                       ("DESK_TZ", config.time_zone), ("DESK_SHIFT_HOURS", config.shift_hours)):
        monkeypatch.setenv(name, "  ")
        assert read() is None, name
        monkeypatch.setenv(name, " Europe/Prague ")
        assert read() == "Europe/Prague", name


def test_the_folders_follow_the_xdg_variables(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert config.default_db_path() == tmp_path / "data" / "support-console" / "desk.db"
    assert config.site_policies_dir() == tmp_path / "config" / "support-console" / "policies"
    assert config.keys_file() == tmp_path / "config" / "support-console" / "keys.toml"


def test_unset_blank_or_relative_xdg_folders_fall_back_to_the_home_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", "")
    assert config.data_dir() == tmp_path / ".local" / "share" / "support-console"
    assert config.config_dir() == tmp_path / ".config" / "support-console"
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")   # the XDG spec: ignore it
    assert config.config_dir() == tmp_path / ".config" / "support-console"


def test_the_engineer_is_desk_user_else_the_login_name(monkeypatch):
    monkeypatch.setenv("DESK_USER", " casey ")
    assert config.engineer_name() == "casey"
    monkeypatch.setenv("DESK_USER", "")
    monkeypatch.setenv("LOGNAME", "robin")   # the first variable getpass reads
    assert config.engineer_name() == getpass.getuser() == "robin"
