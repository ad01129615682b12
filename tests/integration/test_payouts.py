"""Daily payouts against the local Stripe: the threshold, one transfer and one movement per reader and
day, the crash between the transfer and the ledger write repaired by the next run, failures recorded."""

from __future__ import annotations

from typing import Any

import pytest

from soulseer import ledger, monitoring, payouts
from soulseer.ledger.audit import run_audit
from soulseer.ledger.core import find_movement
from soulseer.models import ConnectAccountModel, PayoutModel
from soulseer.payouts import posting
from tests.support.apigw import LambdaContext, load_handler_module
from tests.support.operations import call, connected_reader, earn, onboard_at_stripe, transfers_to

DAY, NEXT_DAY = "2030-01-15", "2030-01-16"


def pending(reader: str) -> int:
    return ledger.balance_of(ledger.reader_pending(reader))


def paid_out(reader: str) -> int:
    return ledger.balance_of(ledger.reader_paid_out(reader))


def outcomes(report: payouts.PayoutRun) -> dict[str, str]:
    return {result.reader_id: result.outcome for result in report.results}


def test_1499_pays_nothing_and_1500_pays(local_stripe) -> None:
    low = connected_reader(local_stripe.url, "r_low")
    enough = connected_reader(local_stripe.url, "r_enough")
    earn("r_low", 1499, "low")
    earn("r_enough", 1500, "enough")
    report = payouts.run(DAY)
    assert outcomes(report) == {"r_enough": "paid"} and report.below_minimum == 1
    assert transfers_to(local_stripe.url, low) == []
    (transfer,) = transfers_to(local_stripe.url, enough)
    assert transfer.amount == 1500 and transfer.currency == "usd"
    assert transfer.transfer_group == "payout:r_enough:2030-01-15"
    assert transfer.metadata["payout_id"] == "payout:r_enough:2030-01-15"
    movement = find_movement("payout:r_enough:2030-01-15")
    assert movement is not None and movement.kind == "payout" and movement.memo["transfer"] == transfer.id
    assert (pending("r_enough"), paid_out("r_enough")) == (0, 1500)
    assert (pending("r_low"), paid_out("r_low")) == (1499, 0)
    assert PayoutModel.get("payout:r_enough:2030-01-15").status == "paid"
    assert PayoutModel.count() == 1

    earn("r_enough", 1600, "more")
    again = payouts.run(DAY)  # the same day again: nobody is paid twice
    assert outcomes(again) == {"r_enough": "already_paid"}
    assert len(transfers_to(local_stripe.url, enough)) == 1 and pending("r_enough") == 1600


def crash_after_transfer(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the function died between the transfer and the ledger write")

    monkeypatch.setattr(posting, "post_payout", crash)


@pytest.mark.parametrize("rerun_day", [DAY, NEXT_DAY])
def test_a_crash_after_the_transfer_is_repaired_without_paying_twice(local_stripe, monkeypatch, rerun_day) -> None:
    account = connected_reader(local_stripe.url, "r1")
    earn("r1", 2000, "e1")
    with monkeypatch.context() as patch:
        crash_after_transfer(patch)
        with pytest.raises(RuntimeError, match="died"):
            payouts.run(DAY)
    assert len(transfers_to(local_stripe.url, account)) == 1
    assert find_movement("payout:r1:2030-01-15") is None and pending("r1") == 2000
    assert PayoutModel.get("payout:r1:2030-01-15").outstanding == "1"

    report = payouts.run(rerun_day)
    assert [(r.payout_id, r.outcome) for r in report.results] == [("payout:r1:2030-01-15", "repaired")]
    (transfer,) = transfers_to(local_stripe.url, account)
    movement = find_movement("payout:r1:2030-01-15")
    assert movement is not None and movement.memo["transfer"] == transfer.id
    assert find_movement("payout:r1:2030-01-16") is None
    assert (pending("r1"), paid_out("r1")) == (0, 2000)
    assert PayoutModel.get("payout:r1:2030-01-15").outstanding is None
    assert run_audit().clean
    payouts.run(rerun_day)
    assert len(transfers_to(local_stripe.url, account)) == 1


def test_a_crash_before_the_transfer_pays_once_on_the_next_run(local_stripe, monkeypatch) -> None:
    account = connected_reader(local_stripe.url, "r1")
    earn("r1", 1800, "e1")
    with monkeypatch.context() as patch:

        def crash(*args: Any, **kwargs: Any) -> None:
            raise RuntimeError("died after recording the intent")

        patch.setattr(payouts.transfers, "create", crash)
        with pytest.raises(RuntimeError):
            payouts.run(DAY)
    assert transfers_to(local_stripe.url, account) == []
    report = payouts.run(DAY)
    assert outcomes(report) == {"r1": "paid"}
    assert [t.amount for t in transfers_to(local_stripe.url, account)] == [1800]
    assert (pending("r1"), paid_out("r1")) == (0, 1800)


def test_readers_without_payouts_enabled_are_not_paid(local_stripe) -> None:
    account = connected_reader(local_stripe.url, "r1", onboarded=False)
    earn("r1", 5000, "e1")
    report = payouts.run(DAY)
    assert outcomes(report) == {"r1": "payouts_disabled"}
    assert transfers_to(local_stripe.url, account) == [] and PayoutModel.count() == 0


def test_a_refused_transfer_is_recorded_counted_and_retried(local_stripe, monkeypatch) -> None:
    account = connected_reader(local_stripe.url, "r1", onboarded=False)
    ConnectAccountModel("r1").update(actions=[ConnectAccountModel.payouts_enabled.set(True)])  # stale flag
    earn("r1", 1700, "e1")
    recorded: list[tuple[str, int]] = []
    monkeypatch.setattr(monitoring, "count", lambda name, value=1: recorded.append((name, value)))
    monkeypatch.setattr(monitoring, "cents", lambda name, value: recorded.append((name, value)))
    report = payouts.run(DAY)
    assert outcomes(report) == {"r1": "failed"} and report.to_dict()["failed_count"] == 1
    assert "onboarding" in (report.results[0].error or "")
    item = PayoutModel.get("payout:r1:2030-01-15")
    assert (item.status, int(item.failures), item.outstanding) == ("failed", 1, "1")
    assert "capabilities" in (item.last_error or "")
    assert ("PayoutFailures", 1) in recorded and ("PayoutFailedCents", 1700) in recorded
    assert pending("r1") == 1700

    onboard_at_stripe(local_stripe.url, account)  # fixed at Stripe; the retry uses a fresh key
    report = payouts.run(DAY)
    assert outcomes(report) == {"r1": "paid"}
    assert [t.amount for t in transfers_to(local_stripe.url, account)] == [1700]
    assert PayoutModel.get("payout:r1:2030-01-15").status == "paid"
    assert ("Payouts", 1) in recorded and ("PayoutCents", 1700) in recorded


def test_a_dry_run_changes_nothing(local_stripe) -> None:
    account = connected_reader(local_stripe.url, "r1")
    earn("r1", 2500, "e1")
    report = payouts.run(DAY, dry_run=True).to_dict()
    assert report["would_pay_cents"] == 2500 and report["paid_cents"] == 0
    assert [(r["reader_id"], r["outcome"]) for r in report["results"]] == [("r1", "would_pay")]
    assert transfers_to(local_stripe.url, account) == [] and PayoutModel.count() == 0 and pending("r1") == 2500


def test_reader_debt_is_settled_by_the_payout(local_stripe) -> None:
    account = connected_reader(local_stripe.url, "r1")
    earn("r1", 2000, "e1")
    ledger.post("dispute:old", "refund", [ledger.Entry(ledger.reader_owed("r1"), ledger.client_balance("c9"), 300)])
    report = payouts.run(DAY)
    assert outcomes(report) == {"r1": "paid"}
    assert [t.amount for t in transfers_to(local_stripe.url, account)] == [1700]
    assert (pending("r1"), paid_out("r1"), ledger.balance_of(ledger.reader_owed("r1"))) == (0, 1700, 0)


def test_the_scheduled_function_pays_for_the_event_date(local_stripe, capsys) -> None:
    connected_reader(local_stripe.url, "r1")
    earn("r1", 1500, "e1")
    event = {"id": "evt-sched-1", "detail-type": "Scheduled Event", "source": "aws.events",
             "time": "2030-01-15T06:00:00Z", "detail": {}}  # fmt: skip
    report = load_handler_module("payouts").handler(event, LambdaContext())
    assert report["payout_date"] == DAY and report["paid_cents"] == 1500
    assert '"PayoutCents"' in capsys.readouterr().out  # EMF metrics were flushed
    again = load_handler_module("payouts").handler(event, LambdaContext())  # a retried delivery
    assert again["paid_cents"] == 0 and again["results"][0]["outcome"] == "already_paid"


def test_admins_run_payouts_now_through_the_api(local_stripe, api_module) -> None:
    connected_reader(local_stripe.url, "r1")
    earn("r1", 1500, "e1")
    status, dry = call(api_module, "POST", "/api/admin/payouts/process", ("boss", "admin"), query={"dry_run": "true"})
    assert status == 200 and dry["dry_run"] and dry["would_pay_cents"] == 1500
    status, done = call(api_module, "POST", "/api/admin/payouts/process", ("boss", "admin"))
    assert status == 200 and done["paid_cents"] == 1500 and done["complete"]
    assert pending("r1") == 0
