"""handoff: the sales-to-CS handoff record as a contract enforced in git."""

__version__ = "0.2.0"
