"""The audit: every balance equals the sum of its entries, every movement nets to zero, all sum to zero."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from soulseer.ledger.core import postings, stored_entries
from soulseer.models import LedgerAccountModel, LedgerEntryModel, LedgerMovementModel


@dataclass
class AuditReport:
    accounts: int = 0
    entries: int = 0
    movements: int = 0
    entries_total: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, object]:
        return {
            "clean": self.clean,
            "accounts": self.accounts,
            "entries": self.entries,
            "movements": self.movements,
            "entries_total_cents": self.entries_total,
            "problems": self.problems,
        }


def run_audit() -> AuditReport:
    report = AuditReport()
    sums: dict[str, int] = defaultdict(int)
    by_movement: dict[str, dict[str, int]] = defaultdict(dict)
    for entry in LedgerEntryModel.scan(consistent_read=True):
        report.entries += 1
        amount = int(entry.amount)
        sums[entry.account_id] += amount
        by_movement[entry.movement_id][entry.account_id] = amount
        report.entries_total += amount
    if report.entries_total:
        report.problems.append(f"entries sum to {report.entries_total} cents, not 0")

    balances = {item.account_id: int(item.balance) for item in LedgerAccountModel.scan(consistent_read=True)}
    report.accounts = len(balances)
    for account_id in sorted(set(balances) | set(sums)):
        if balances.get(account_id, 0) != sums.get(account_id, 0):
            report.problems.append(
                f"{account_id}: balance {balances.get(account_id, 0)} != entries {sums.get(account_id, 0)}"
            )

    for movement in LedgerMovementModel.scan(consistent_read=True):
        report.movements += 1
        declared = postings(stored_entries(movement))
        if declared != by_movement.pop(movement.movement_id, {}):
            report.problems.append(f"movement {movement.movement_id}: entries do not match its postings")
    for orphan in sorted(by_movement):
        report.problems.append(f"entries of {orphan} have no movement")
    return report
