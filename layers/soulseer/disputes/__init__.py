"""Disputes: a client disputes a finished reading within the window; an admin refunds it (fully or
partly) or rejects it, with a note. A refund is one ledger movement, `dispute:<session>`."""

from soulseer.disputes.records import dispute_id_for, list_disputes, load, open_count, open_dispute, report_of, view
from soulseer.disputes.refunds import Outcome, resolve

__all__ = [
    "Outcome",
    "dispute_id_for",
    "list_disputes",
    "load",
    "open_count",
    "open_dispute",
    "report_of",
    "resolve",
    "view",
]
