"""Services: one module per user action; validate -> append event -> recompute clocks -> commit."""
