"""The SQLite store: the event log, contracts, and the projections rebuilt from the log.

The store holds no policy: what a projection contains is decided by the services.
"""

from console.store.database import Store

__all__ = ["Store"]
