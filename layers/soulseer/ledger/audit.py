"""The audit: every balance equals the sum of its entries, every movement's entries are its postings,
all entries sum to zero; it never reports a problem that is not there while money moves.

Scans are not snapshots, so a movement committed during the audit can be half seen. Anything that looks
wrong in the scans is therefore checked again item by item before it is reported: a movement by reading
it and its entries by key (a movement and its entries commit in one transaction), an account by reading
its balance, querying all its entries and reading the balance again, trusted only when the account did not
change in between (`updated_at` is set by every movement). Movements created after the audit started are
left to the next run. An account too busy to ever hold still is listed as `unverified`, not as a problem."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from soulseer.ledger.core import postings, stored_entries
from soulseer.models import LedgerAccountModel, LedgerEntryModel, LedgerMovementModel, utcnow

_STABLE_ATTEMPTS = 5
SCAN_PAGE_SIZE: int | None = None  # DynamoDB's 1 MB pages; tests make pages small to interleave writes


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
    try:
        movement = LedgerMovementModel.get(movement_id, consistent_read=True)
    except LedgerMovementModel.DoesNotExist:
        return f"entries of {movement_id} have no movement"
    position = f"{movement.created_at.isoformat()}#{movement_id}"
    for account_id, amount in postings(stored_entries(movement)).items():
        try:
            entry = LedgerEntryModel.get(account_id, position, consistent_read=True)
        except LedgerEntryModel.DoesNotExist:
            return f"movement {movement_id}: no entry for {account_id}"
        if int(entry.amount) != amount:
            return f"movement {movement_id}: entry for {account_id} is {int(entry.amount)}, posted {amount}"
    return None


def _account_state(account_id: str) -> tuple[int, datetime | None]:
    try:
        item = LedgerAccountModel.get(account_id, consistent_read=True)
    except LedgerAccountModel.DoesNotExist:
        return 0, None
    return int(item.balance), item.updated_at


def _account_problem(account_id: str) -> str | None:
    """None when the account equals its entries; raises LookupError when it never held still."""
    for _ in range(_STABLE_ATTEMPTS):
        balance, version = _account_state(account_id)
        total = sum(int(e.amount) for e in LedgerEntryModel.query(account_id, consistent_read=True))
        if _account_state(account_id) == (balance, version):
            return None if balance == total else f"{account_id}: balance {balance} != entries {total}"
    raise LookupError(account_id)


def run_audit() -> AuditReport:
    report = AuditReport()
    sums: dict[str, int] = defaultdict(int)
    by_movement: dict[str, dict[str, int]] = defaultdict(dict)
    for entry in LedgerEntryModel.scan(consistent_read=True, page_size=SCAN_PAGE_SIZE):
        if entry.created_at > report.cutoff:
            continue
        report.entries += 1
        sums[entry.account_id] += int(entry.amount)
        by_movement[entry.movement_id][entry.account_id] = int(entry.amount)

    suspects: set[str] = set()
    for movement in LedgerMovementModel.scan(consistent_read=True, page_size=SCAN_PAGE_SIZE):
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

    balances = {
        item.account_id: int(item.balance)
        for item in LedgerAccountModel.scan(consistent_read=True, page_size=SCAN_PAGE_SIZE)
    }
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
