"""Where packs come from: the built-in ones, shadowed by a site's own.

A site adds or overrides packs in `$XDG_CONFIG_HOME/support-console/policies/`
without touching code; each pack is read and validated once per process. A
built-in pack skips the two costliest checks (holiday regions, pattern syntax;
see parse_pack) when it is loaded for use: its tests (tests/policies) and
`desk policy validate` make them, and the holidays library alone takes longer to
load than the console takes to show its first screen.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from console.config import site_policies_dir
from console.domain.policy import Pack, PackError, parse_pack
from console.errors import UserError
from console.resources import policies_dir


@dataclass(frozen=True)
class PackSource:
    id: str
    path: Path
    shadows: Path | None   # the built-in file a site pack replaces

    @property
    def built_in(self) -> bool:
        return self.path.parent == policies_dir()


def pack_sources() -> dict[str, PackSource]:
    found: dict[str, PackSource] = {}
    for path in sorted(policies_dir().glob("*.toml")):
        found[path.stem] = PackSource(path.stem, path, None)
    site = site_policies_dir()
    if site.is_dir():
        for path in sorted(site.glob("*.toml")):
            builtin = found.get(path.stem)
            found[path.stem] = PackSource(path.stem, path, builtin.path if builtin else None)
    return found


def load_pack_file(path: Path, *, thorough: bool = True) -> Pack:
    """Read and validate one pack file; a fault becomes a UserError `file:line: key: what`."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot read pack: {exc.strerror or exc}", source=str(path)) from None
    except UnicodeDecodeError as exc:
        raise UserError(f"not UTF-8 text (byte {exc.start})", source=str(path)) from None
    try:
        return parse_pack(text, str(path), thorough=thorough)
    except PackError as exc:
        raise UserError(str(exc)) from None


@cache
def get_pack(policy_id: str) -> Pack:
    source = pack_sources().get(policy_id)
    if source is None:
        known = ", ".join(sorted(pack_sources()))
        raise UserError(f"unknown policy {policy_id!r} (known: {known})")
    pack = load_pack_file(source.path, thorough=not source.built_in)
    if pack.id != policy_id:
        raise UserError(f"pack id {pack.id!r} does not match its file name", source=str(source.path))
    return pack


def list_packs() -> list[Pack]:
    return [get_pack(pid) for pid in sorted(pack_sources())]
