"""Daily payouts against the local Stripe: the threshold, one transfer and one movement per reader and
day, the crash between the transfer and the ledger write repaired by the next run, failures recorded."""

from __future__ import annotations

import json
from typing import Any

import boto3
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


SCHEDULED = {"id": "evt-sched-1", "detail-type": "Scheduled Event", "source": "aws.events",
             "time": "2030-01-15T06:00:00Z", "detail": {}}  # fmt: skip


@pytest.fixture
def payouts_queue(monkeypatch: pytest.MonkeyPatch) -> str:
    url = boto3.client("sqs").create_queue(QueueName="soulseer-test-payouts")["QueueUrl"]
    monkeypatch.setenv("PAYOUTS_QUEUE_URL", url)
    return url


def drain(queue_url: str) -> list[dict[str, Any]]:
    """Every message on the queue, as the SQS event source hands them to the worker."""
    sqs, records = boto3.client("sqs"), []
    while batch := sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", []):
        for message in batch:
            records.append({"messageId": message["MessageId"], "body": message["Body"], "eventSource": "aws:sqs"})
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    return records


def test_the_daily_run_fans_out_one_message_per_reader_and_pays_each_once(local_stripe, payouts_queue) -> None:
    accounts = {f"r{n}": connected_reader(local_stripe.url, f"r{n}") for n in range(12)}  # more than a batch
    for n in range(12):
        earn(f"r{n}", 1500 + n, f"e{n}")
    connected_reader(local_stripe.url, "r_low")
    earn("r_low", 1499, "low")
    connected_reader(local_stripe.url, "r_off", onboarded=False)
    earn("r_off", 5000, "off")
    report = load_handler_module("payouts").handler(SCHEDULED, LambdaContext())
    assert report == {"payout_date": DAY, "readers": 12, "enqueued": 12}
    records = drain(payouts_queue)
    assert sorted(json.loads(r["body"])["reader_id"] for r in records) == sorted(accounts)
    assert {json.loads(r["body"])["payout_date"] for r in records} == {DAY}

    worker = load_handler_module("payout_worker")
    assert worker.handler({"Records": records}, LambdaContext()) == {"batchItemFailures": []}
    for n in range(12):
        assert (pending(f"r{n}"), paid_out(f"r{n}")) == (0, 1500 + n)
        assert [t.amount for t in transfers_to(local_stripe.url, accounts[f"r{n}"])] == [1500 + n]
    assert (pending("r_low"), pending("r_off")) == (1499, 5000)

    assert worker.handler({"Records": records}, LambdaContext()) == {"batchItemFailures": []}  # redelivered
    again = load_handler_module("payouts").handler(SCHEDULED, LambdaContext())  # a retried schedule
    assert again["enqueued"] == 0
    assert all(len(transfers_to(local_stripe.url, accounts[f"r{n}"])) == 1 for n in range(12))
    assert PayoutModel.count() == 12 and run_audit().clean


def test_the_worker_finishes_a_readers_unfinished_intent_first(local_stripe, payouts_queue, monkeypatch) -> None:
    account = connected_reader(local_stripe.url, "r1")
    earn("r1", 2000, "e1")
    with monkeypatch.context() as patch:
        crash_after_transfer(patch)
        with pytest.raises(RuntimeError):
            payouts.pay_reader("r1", DAY)
    earn("r1", 100, "small")  # below the minimum on its own: only the unfinished intent is sent
    load_handler_module("payouts").handler({**SCHEDULED, "time": "2030-01-16T06:00:00Z"}, LambdaContext())
    records = drain(payouts_queue)
    assert [json.loads(r["body"]) for r in records] == [{"reader_id": "r1", "payout_date": NEXT_DAY}]
    result = load_handler_module("payout_worker").handler({"Records": records}, LambdaContext())
    assert result == {"batchItemFailures": []}
    (transfer,) = transfers_to(local_stripe.url, account)
    assert transfer.amount == 2000 and find_movement("payout:r1:2030-01-15") is not None
    assert (pending("r1"), paid_out("r1")) == (100, 2000)


def test_a_failing_message_returns_to_the_queue(local_stripe, payouts_queue, monkeypatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the ledger is unreachable")

    monkeypatch.setattr(payouts, "pay_reader", broken)
    record = {"messageId": "m1", "body": json.dumps({"reader_id": "r1", "payout_date": DAY})}
    result = load_handler_module("payout_worker").handler({"Records": [record]}, LambdaContext())
    assert result == {"batchItemFailures": [{"itemIdentifier": "m1"}]}


def test_admins_run_payouts_now_through_the_api(local_stripe, api_module) -> None:
    connected_reader(local_stripe.url, "r1")
    earn("r1", 1500, "e1")
    status, dry = call(api_module, "POST", "/api/admin/payouts/process", ("boss", "admin"), query={"dry_run": "true"})
    assert status == 200 and dry["dry_run"] and dry["would_pay_cents"] == 1500
    status, done = call(api_module, "POST", "/api/admin/payouts/process", ("boss", "admin"))
    assert status == 200 and done["paid_cents"] == 1500 and done["complete"]
    assert pending("r1") == 0
