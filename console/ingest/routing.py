"""Which contract a sender's mail belongs to, by the intake addresses and domains contracts list."""

from dataclasses import dataclass

from console.domain.contract import Contract


@dataclass(frozen=True)
class Route:
    contract: Contract | None
    reason: str      # how it was decided, for the summary and the ticket's intake record


def route(sender: str | None, contracts: list[Contract]) -> Route:
    """The contract for `sender`: an exact address beats a domain, a longer domain a shorter one.

    A subdomain matches its parent ("mail.acme.example" under "acme.example").
    No match, or two contracts equally close, leaves the ticket unrouted for a
    person to decide: a customer may hold contracts under several vendors.
    """
    if not sender or "@" not in sender:
        return Route(None, "no sender address")
    address = sender.strip().lower()
    domain = address.rsplit("@", 1)[1]
    scored = candidates(address, contracts)
    best = [c for c, score in scored if score == scored[0][1]] if scored else []
    if not best:
        return Route(None, f"no contract for {domain}")
    if len(best) > 1:
        return Route(None, f"{address} matches several contracts: {', '.join(c.id for c in best)}")
    return Route(best[0], f"{address} -> {best[0].id}")


def candidates(sender: str | None, contracts: list[Contract]) -> list[tuple[Contract, int]]:
    """The contracts whose addresses or domains take `sender`, closest first, with their score."""
    if not sender or "@" not in sender:
        return []
    address = sender.strip().lower()
    domain = address.rsplit("@", 1)[1]
    scored = [(c, max((_closeness(entry.lower(), address, domain) for entry in c.domains), default=0))
              for c in contracts]
    return sorted(((c, score) for c, score in scored if score), key=lambda pair: -pair[1])


def _closeness(entry: str, address: str, domain: str) -> int:
    """0 for no match; an exact address scores above any domain; longer domains score higher."""
    if "@" in entry:
        return 10_000 if entry == address else 0
    if domain == entry or domain.endswith("." + entry):
        return len(entry)
    return 0
