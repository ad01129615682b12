"""The audit: every balance equals the sum of its entries, every movement's entries are its postings,
all entries sum to zero; it never reports a problem that is not there while money moves.

Scans are not snapshots, so a movement committed during the audit can be half seen. Anything that looks
wrong in the scans is therefore checked again item by item before it is reported: a movement by reading
it and its entries by key (a movement and its entries commit in one transaction), an account by reading
its balance, querying all its entries and reading the balance again, trusted only when the account did not
change in between (`updated_at` is set by every movement). Movements created after the audit started are
left to the next run. An account too busy to ever hold still is listed as `unverified`, not as a problem.

`run_audit` reads the whole ledger (tests, `soulseer audit --stack`); the scheduled job runs
`run_incremental_audit`, whose cost grows with new money, not all money: it starts from a checkpoint (per
account, the sum of its entries up to a time the previous run verified) and reads only the entries since, with
the same re-checks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice

from soulseer.clock import utcnow
from soulseer.ledger.core import postings, stored_entries
from soulseer.stores import audit_checkpoints as checkpoints
from soulseer.stores import ledger as store
from soulseer.stores.audit_checkpoints import Checkpoint
from soulseer.stores.ledger import AccountState

_STABLE_ATTEMPTS = 5
SCAN_PAGE_SIZE: int | None = None  # DynamoDB's 1 MB pages; tests make pages small to interleave writes
# A movement commits within one Lambda run of the time it is stamped with (15 minutes at most): entries stamped
# before `now - SETTLE` are all committed, so a checkpoint up to then never misses one that lands later.
SETTLE = timedelta(minutes=20)
_BATCH = 100


@dataclass
class AuditReport:
    cutoff: datetime = field(default_factory=utcnow)
    accounts: int = 0
    entries: int = 0
    movements: int = 0
    entries_total: int = 0
    problems: list[str] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, object]:
        return {
            "clean": self.clean,
            "cutoff": self.cutoff.isoformat(),
            "accounts": self.accounts,
            "entries": self.entries,
            "movements": self.movements,
            "entries_total_cents": self.entries_total,
            "problems": self.problems,
            "unverified": self.unverified,
        }


def _movement_problem(movement_id: str) -> str | None:
    """Read again: the movement and each of its entries by key."""
    movement = store.find_movement(movement_id)
    if movement is None:
        return f"entries of {movement_id} have no movement"
    position = f"{movement.created_at.isoformat()}#{movement_id}"
    for account_id, amount in postings(stored_entries(movement)).items():
        entry = store.find_entry(account_id, position)
        if entry is None:
            return f"movement {movement_id}: no entry for {account_id}"
        if entry.amount != amount:
            return f"movement {movement_id}: entry for {account_id} is {entry.amount}, posted {amount}"
    return None


def _account_state(account_id: str) -> tuple[int, datetime | None]:
    state = store.account_state(account_id)
    return state.balance, state.updated_at


def _account_problem(account_id: str) -> str | None:
    """None when the account equals its entries; raises LookupError when it never held still."""
    for _ in range(_STABLE_ATTEMPTS):
        balance, version = _account_state(account_id)
        total = sum(e.amount for e in store.account_entries(account_id))
        if _account_state(account_id) == (balance, version):
            return None if balance == total else f"{account_id}: balance {balance} != entries {total}"
    raise LookupError(account_id)


def run_audit() -> AuditReport:
    report = AuditReport()
    sums: dict[str, int] = defaultdict(int)
    by_movement: dict[str, dict[str, int]] = defaultdict(dict)
    for entry in store.scan_entries(SCAN_PAGE_SIZE):
        if entry.created_at > report.cutoff:
            continue
        report.entries += 1
        sums[entry.account_id] += entry.amount
        by_movement[entry.movement_id][entry.account_id] = entry.amount

    suspects: set[str] = set()
    for movement in store.scan_movements(SCAN_PAGE_SIZE):
        if movement.created_at > report.cutoff:
            continue
        report.movements += 1
        if postings(stored_entries(movement)) != by_movement.pop(movement.movement_id, {}):
            suspects.add(movement.movement_id)
    suspects |= set(by_movement)  # entries whose movement the scan did not see
    for movement_id in sorted(suspects):
        problem = _movement_problem(movement_id)
        if problem:
            report.problems.append(problem)
            report.entries_total += sum(by_movement.get(movement_id, {}).values())

    balances = {state.account_id: state.balance for state in store.scan_accounts(SCAN_PAGE_SIZE)}
    report.accounts = len(balances)
    for account_id in sorted(set(balances) | set(sums)):
        if balances.get(account_id, 0) == sums.get(account_id, 0):
            continue
        try:
            problem = _account_problem(account_id)
        except LookupError:
            report.unverified.append(account_id)
            continue
        if problem:
            report.problems.append(problem)
    if report.entries_total:
        report.problems.append(f"entries sum to {report.entries_total} cents, not 0")
    return report


def run_incremental_audit(*, full: bool = False) -> AuditReport:
    """Every balance against its checkpoint plus the entries since (only accounts that moved are queried), the
    movements since the last run against their entries, and all entries up to `now - SETTLE` against zero;
    the checkpoints then move on to that time. `full`: ignore the checkpoints (reads every entry again, and so
    also finds an entry altered after an earlier run counted it)."""
    report = AuditReport()
    settled = report.cutoff - SETTLE
    mark = None if full else checkpoints.watermark()
    since = mark.as_of if mark else checkpoints.EMPTY.as_of
    seen: dict[str, dict[str, int]] = defaultdict(dict)  # movement -> account -> amount, for entries after `since`
    for page in _chunks(store.scan_accounts(SCAN_PAGE_SIZE), _BATCH):
        kept = {} if full else checkpoints.of_accounts(item.account_id for item in page)
        for item in page:
            report.accounts += 1
            before = kept.get(item.account_id, checkpoints.EMPTY)
            if item.updated_at is not None and item.updated_at <= before.as_of and item.balance == before.sum_cents:
                report.entries_total += before.sum_cents  # no movement since its checkpoint: nothing to read
                continue
            after = _settle(item.account_id, before, settled, since, seen, report)
            report.entries_total += after.sum_cents
            if after != before:
                checkpoints.save(item.account_id, after)
    _check_movements(seen, report)
    if report.entries_total:
        report.problems.append(f"entries up to {settled.isoformat()} sum to {report.entries_total} cents, not 0")
    checkpoints.set_watermark(Checkpoint(report.entries_total, settled))
    return report


def _chunks(items: Iterable[AccountState], size: int) -> Iterator[list[AccountState]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _settle(
    account_id: str,
    before: Checkpoint,
    settled: datetime,
    since: datetime,
    seen: dict[str, dict[str, int]],
    report: AuditReport,
) -> Checkpoint:
    """Checks the balance against the checkpoint plus every entry since (re-read until the account held still;
    else it is `unverified`), and returns the checkpoint moved on to `settled`. A checkpoint is a sum of
    immutable entries, all committed by then, so it moves on even when the balance disagrees: the next run
    compares the balance with it and the newer entries again, and reports the problem again."""
    stable = False
    for _ in range(_STABLE_ATTEMPTS):
        balance, version = _account_state(account_id)
        entries = [
            entry for entry in store.account_entries(account_id, before.as_of) if entry.created_at > before.as_of
        ]
        if _account_state(account_id) == (balance, version):
            stable = True
            break
    report.entries += len(entries)
    for entry in entries:
        if entry.created_at > since:
            seen[entry.movement_id][account_id] = entry.amount
    total = before.sum_cents + sum(entry.amount for entry in entries)
    if not stable:
        report.unverified.append(account_id)
    elif balance != total:
        report.problems.append(f"{account_id}: balance {balance} != entries {total}")
    settled_sum = before.sum_cents + sum(e.amount for e in entries if e.created_at <= settled)
    return Checkpoint(settled_sum, max(before.as_of, settled))


def _check_movements(seen: dict[str, dict[str, int]], report: AuditReport) -> None:
    """Each movement seen through its accounts' new entries has exactly those entries (re-read by key when a
    movement committing during the run was only half seen)."""
    suspects: list[str] = []
    ids = sorted(seen)
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        found = store.movements(chunk)
        for movement_id in chunk:
            movement = found.get(movement_id)
            report.movements += movement is not None
            if movement is None or postings(stored_entries(movement)) != seen[movement_id]:
                suspects.append(movement_id)
    for movement_id in suspects:
        problem = _movement_problem(movement_id)
        if problem:
            report.problems.append(problem)
