"""Daily payouts: readers owed at least the minimum, with payouts enabled on their Connect account,
get one Stripe Transfer and one ledger movement `payout:<reader>:<date>` (pending -> paid out).

The intent is recorded first; a run that dies between the transfer and the ledger write leaves the
intent outstanding, and the next run finds the transfer at Stripe (by transfer group and metadata)
and writes the movement, so nobody is paid twice."""

from soulseer.payouts.records import payout_id
from soulseer.payouts.run import PayoutRun, minimum_cents, run

__all__ = ["PayoutRun", "minimum_cents", "payout_id", "run"]
