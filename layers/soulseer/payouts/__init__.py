"""Daily payouts: readers owed at least the minimum, with payouts enabled on their Connect account,
get one Stripe Transfer and one ledger movement `payout:<reader>:<date>` (pending -> paid out).

The intent is recorded first; a run that dies between the transfer and the ledger write leaves the
intent outstanding, and the next run finds the transfer at Stripe (by transfer group and metadata)
and writes the movement, so nobody is paid twice.

In AWS the daily run fans out (`fanout`): one queue message per reader, each paid by `pay_reader`;
`run` does the same for every reader in one process (the CLI, the admin route, tests)."""

from soulseer.lifecycles import PayoutOutcome
from soulseer.payouts.records import payout_id
from soulseer.payouts.run import PayoutRun, minimum_cents, pay_reader, run

__all__ = ["PayoutOutcome", "PayoutRun", "minimum_cents", "pay_reader", "payout_id", "run"]
