"""Contract: binds a customer to a vendor pack and plan, with the pack's options."""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Contract:
    id: str
    customer: str
    policy: str
    plan: str
    options: dict[str, Any] = field(default_factory=dict)
    domains: tuple[str, ...] = ()
