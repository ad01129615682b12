"""A deterministic fault simulation of readings and their billing loop (hypothesis stateful testing,
derandomized) over the real domain on in-process moto, on a clock the test controls.

Readings are requested, accepted, declined, joined and ended by either side; participants drop
(`$disconnect`), rejoin, heartbeat, or lose their connection with no `$disconnect` at all (their
heartbeats stop; a late `$disconnect` may follow); clients top up through the webhook and have top-ups
disputed. Time passes one billing tick at a time: every live billing execution then runs its Task (the
billing_tick handler with the execution's own input, retried three times as the ASL does, then its
Catch: the `end_on_error` task), and the scheduled reconciler runs. A Task may be delivered twice.
Injected faults: the next N ticks raising, a tick raising after its minute committed (a lost response),
the next N StartExecution calls raising, a loop lost (its execution stopped) or stalled for three ticks,
transaction conflicts, a stale client balance read.

After every step: each client's balance, debt and held money equal the model's and their entries, each
reader's pending earnings too, all accounts sum to zero and none is negative; each reading's status,
end reason, minutes (charged, free, paused) equal the model's and every minute of it is paid or free;
readers are busy exactly while in an active reading; no reading is active without a live billing loop
for longer than the reconciler's window. Each example ends with the full audit and a check of every
charge movement. A failing run prints the shortest sequence of steps that breaks it."""

from __future__ import annotations

import itertools
import json
import logging
import types
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from botocore.exceptions import ClientError
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from soulseer import chargebacks, ledger, payouts, stripe_events
from soulseer.adapters import workflows
from soulseer.errors import DomainError
from soulseer.ledger import audit
from soulseer.ledger.core import InsufficientFunds
from soulseer.lifecycles import READING_OPEN, READING_WAITING
from soulseer.models import (
    LedgerAccountModel,
    LedgerEntryModel,
    LedgerMovementModel,
    PaymentModel,
    ProductModel,
    ReaderProfileModel,
    StreamModel,
    UserModel,
)
from soulseer.products import purchase as purchases
from soulseer.readings import asking, billing, lifecycle, reconcile, room
from soulseer.readings.rules import rules
from soulseer.stores import readings as readings_store
from soulseer.stores.readings import SessionModel
from soulseer.streams import gifts
from tests.simulation.model import Client, Faults, dispute_event, simulation_settings
from tests.support.apigw import LambdaContext, load_handler_module
from tests.support.operations import connected_reader
from tests.support.readings import make_reader, pushed
from tests.support.stripe_truth import put_intent

TICK = 10  # seconds per billed minute in the simulation
GRACE = 30  # the pause allowance: three paused ticks
WINDOW = 25  # a participant who heartbeated and is silent for longer is away
TICKS_PER_EXECUTION = 4  # a loop continues as a new execution this often
JOIN_TIMEOUT = 60
FREE = 3  # FREE_INTRO_MINUTES (tests/conftest.py)
STALE, GIVE_UP = reconcile.STALE_TICKS * TICK, reconcile.GIVE_UP_TICKS * TICK
TASK_ATTEMPTS = 4  # the ASL: the first try and three retries, then the Catch
START_ATTEMPTS = lifecycle.START_ATTEMPTS
RATES = (100, 250)
GIFTS = {"rose": 100, "heart": 300, "star": 500}  # GIFT_CATALOG (tests/conftest.py)
PAYOUT_MINIMUM = 100
STRIPE: dict[str, Any] = {}  # the local Stripe's url, for the readers' Connect accounts
ROLES = ("client", "reader")
OPEN, WAITING = READING_OPEN, READING_WAITING
_examples = itertools.count()


class Clock:
    """The time the domain reads (patched in for `time` in the billing and lifecycle modules)."""

    now = 2_000_000_000.0

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:  # StartExecution backoff, batch-get retries: no real waits
        pass

    def utcnow(self) -> datetime:
        return datetime.fromtimestamp(self.now, UTC)


CLOCK = Clock()


@dataclass
class Execution:
    session_id: str
    generation: int
    state: dict[str, Any]
    live: bool = True
    fresh: bool = True  # its first Task runs at once (it charges its first minute when it starts)
    stalled: int = 0  # time passes this many ticks without its Task running (a slow or stuck loop)
    delivered: dict[str, Any] | None = None  # the input of the Task that ran last


class StepFunctions:
    """The billing state machine's executions, started by name as Step Functions does; StartExecution
    raises while `failures` lasts. The simulation runs their Tasks when time passes."""

    def __init__(self) -> None:
        self.executions: dict[str, Execution] = {}
        self.failures = 0
        self.calls: list[str] = []

    def start_billing(self, session_id: str, payload: dict[str, Any], generation: int = 0) -> bool:
        self.calls.append(session_id)
        if self.failures > 0:
            self.failures -= 1
            raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "slow down"}}, "StartExecution")
        name = session_id if generation == 0 else f"{session_id}-g{generation}"
        if name in self.executions:
            return False
        self.executions[name] = Execution(session_id, generation, json.loads(json.dumps(payload)))
        return True

    def live(self, session_id: str | None = None) -> list[Execution]:
        return [e for e in self.executions.values() if e.live and session_id in (None, e.session_id)]


class TickFaults:
    """The next `failures` billing ticks raise before they read anything (a throttled table); the next
    `lost` ticks that record a minute raise after their transaction committed (a lost response)."""

    def __init__(self) -> None:
        self.failures = 0
        self.lost = 0
        self.real = billing.read_session_and_balance
        self.real_warn = billing._warn_if_low

    def warn(self, session: readings_store.Reading, minute: int, balance: int | None) -> None:
        self.real_warn(session, minute, balance)
        if self.lost > 0:
            self.lost -= 1
            raise RuntimeError("Task timed out after the minute was recorded")

    def read(self, session_id: str, client_id: Any) -> Any:
        if self.failures > 0:
            self.failures -= 1
            raise RuntimeError("ProvisionedThroughputExceededException: throttled")
        return self.real(session_id, client_id)


@dataclass
class Reading:
    """A reading as the model sees it."""

    client: str
    reader: str
    rate: int
    free: int
    created: float
    status: str = "requested"
    reason: str | None = None
    connection: dict[str, str | None] = field(default_factory=lambda: {"client": None, "reader": None})
    alive: dict[str, bool] = field(default_factory=lambda: {"client": False, "reader": False})
    away: dict[str, bool] = field(default_factory=lambda: {"client": False, "reader": False})
    seen: dict[str, float | None] = field(default_factory=lambda: {"client": None, "reader": None})
    minutes: int = 0
    paid: int = 0
    paused: int = 0
    paused_task: str | None = None  # the Task that paused last: delivered again, it spends nothing more
    generation: int = 0
    last_tick: float = 0.0
    told_billing_error: list[str] = field(default_factory=list)

    def away_roles(self, now: float) -> list[str]:
        return [
            role
            for role in ROLES
            if self.away[role] or (self.seen[role] is not None and now - self.seen[role] > WINDOW)  # type: ignore[operator]
        ]


class ReadingSimulation(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.example = next(_examples)
        CLOCK.now = 2_000_000_000.0 + 1_000_000 * self.example
        self.clients: dict[str, Client] = {}
        self.intro_used: set[str] = set()
        self.readers: dict[str, int] = {}  # id -> rate
        self.pending: dict[str, int] = {}  # reader -> pending earnings
        self.paid_out: dict[str, int] = {}
        self.stock: dict[str, tuple[str, int, int]] = {}  # product -> (owner, price, inventory)
        self.requests = itertools.count()
        self.days = itertools.count(1)
        self.readings: dict[str, Reading] = {}
        self.intents: dict[str, tuple[str, int]] = {}
        self.disputed: dict[str, str | None] = {}  # intent -> None while open, else how it closed
        self.vanished: list[tuple[str, str]] = []  # (session, connection) whose $disconnect has not arrived
        self.connections = itertools.count()
        self.sfn = StepFunctions()
        self.ticks = TickFaults()
        self.faults = Faults()
        self.task = load_handler_module("billing_tick").handler
        self.tick_failures_expected = 0
        self.lost_expected = 0
        self.sfn_failures_expected = 0
        self.expected_executions: set[str] = set()
        self._patches = [
            (workflows, "start_billing", self.sfn.start_billing),
            (workflows, "start_request_expiry", lambda *args, **kwargs: True),  # the reconciler expires them
            (billing, "read_session_and_balance", self.ticks.read),
            (billing, "_warn_if_low", self.ticks.warn),
            (ledger, "balance_of", self.faults.balance_of),
        ]
        self._saved = [(module, name, getattr(module, name)) for module, name, _ in self._patches]
        for module, name, value in self._patches:
            setattr(module, name, value)

    @initialize()
    def people(self) -> None:
        for n, rate in enumerate(RATES):
            reader = f"sim{self.example}r{n}"
            make_reader(reader, rate_cents=rate)
            connected_reader(STRIPE["url"], reader)
            self.readers[reader], self.pending[reader], self.paid_out[reader] = rate, 0, 0
            StreamModel(f"str_{reader}", reader_id=reader, channel=f"c_{reader}", status="live", started_key="s").save()
        for product, owner, price, inventory in (
            (f"prod_sim{self.example}_reader", self._reader(0), 400, 2),
            (f"prod_sim{self.example}_platform", "platform", 200, 100),
        ):
            ProductModel(
                product,
                owner_id=owner,
                name=product,
                kind="digital",
                price_cents=price,
                inventory=inventory,
                created_key=f"k#{product}",
            ).save()
            self.stock[product] = (owner, price, inventory)
        for n in range(2):
            client = f"sim{self.example}c{n}"
            UserModel(client, role="client").save()
            self.clients[client] = Client()
            self.top_up(n, 1000, twice=False)

    # -- helpers ------------------------------------------------------------------------------------

    def _client(self, n: int) -> str:
        return f"sim{self.example}c{n}"

    def _reader(self, n: int) -> str:
        return f"sim{self.example}r{n}"

    def _busy(self, reader: str) -> bool:
        return any(r.reader == reader and r.status == "active" for r in self.readings.values())

    def _disputed(self, client: str) -> bool:
        return any(self.intents[i][0] == client and closed is None for i, closed in self.disputed.items())

    def _pick(self, data: st.DataObject, statuses: tuple[str, ...]) -> tuple[str, Reading]:
        sid = data.draw(st.sampled_from([s for s, r in self.readings.items() if r.status in statuses]))
        return sid, self.readings[sid]

    def _has(self, *statuses: str) -> bool:
        return any(r.status in statuses for r in self.readings.values())

    def _end(self, reading: Reading, reason: str) -> None:
        """What end_reading does, as the model sees it."""
        if reading.status not in OPEN:
            return
        reading.status = "ended" if reading.status == "active" else "cancelled"
        reading.reason = reason

    def _user(self, reading: Reading, role: str) -> str:
        return reading.client if role == "client" else reading.reader

    # -- money in: top-ups through the webhook, disputes of them ------------------------------------

    @rule(client=st.integers(0, 1), amount=st.sampled_from([100, 300, 1000]), twice=st.booleans())
    def top_up(self, client: int, amount: int, twice: bool) -> None:
        user = self._client(client)
        intent_id = f"pi_rsim{self.example}_{len(self.intents)}"
        PaymentModel(intent_id, user_id=user, amount_cents=amount).save()
        self.intents[intent_id] = (user, amount)
        obj = {"id": intent_id, "currency": "usd", "amount_received": amount, "latest_charge": f"ch_{intent_id}"}
        put_intent(STRIPE["server"], obj)  # Stripe's own view, read back before crediting
        event = {"id": f"evt_{intent_id}", "type": "payment_intent.succeeded", "data": {"object": obj}}
        for _ in range(2 if twice else 1):  # a duplicated webhook credits once
            stripe_events.handle(event)
        self.clients[user].give(amount)

    @precondition(lambda self: self.intents)
    @rule(data=st.data(), closing=st.sampled_from([None, "won", "lost"]))
    def dispute(self, data: st.DataObject, closing: str | None) -> None:
        intent_id = data.draw(st.sampled_from(sorted(self.intents)))
        user, amount = self.intents[intent_id]
        stripe_events.handle(dispute_event(intent_id, amount, closing))
        client = self.clients[user]
        if intent_id not in self.disputed:
            self.disputed[intent_id] = None
            client.hold(amount)
        if closing and self.disputed[intent_id] is None:
            self.disputed[intent_id] = closing
            client.release(amount, won=closing == "won")

    # -- money out: gifts, purchases (retried with their Idempotency-Key), payouts -------------------

    @rule(client=st.integers(0, 1), reader=st.integers(0, 1), gift=st.sampled_from(sorted(GIFTS)), again=st.booleans())
    def gift(self, client: int, reader: int, gift: str, again: bool) -> None:
        user, reader_id, price = self._client(client), self._reader(reader), GIFTS[gift]
        key = f"gift-{next(self.requests)}"
        expected = self._spend_refusal(user, price)
        for attempt in range(2 if again else 1):  # a retried request answers as the first did
            try:
                result = gifts.send_gift(f"str_{reader_id}", user, gift, key)
            except (chargebacks.PaymentDisputed, InsufficientFunds) as error:
                assert error.code == expected, (error.code, expected)
                continue
            assert expected is None and result.replayed == (attempt == 1)
        if expected is None:
            self._spend(user, price, reader_id)

    @rule(client=st.integers(0, 1), platform=st.booleans(), again=st.booleans())
    def purchase(self, client: int, platform: bool, again: bool) -> None:
        user = self._client(client)
        product = f"prod_sim{self.example}_{'platform' if platform else 'reader'}"
        owner, price, inventory = self.stock[product]
        key = f"buy-{next(self.requests)}"
        expected = "out_of_stock" if inventory < 1 and not self._disputed(user) else self._spend_refusal(user, price)
        for attempt in range(2 if again else 1):
            try:
                result = purchases.purchase(product, user, 1, key)
            except DomainError as error:
                assert error.code == expected, (error.code, expected)
                continue
            assert expected is None and result.replayed == (attempt == 1)
        if expected is None:
            self.stock[product] = (owner, price, inventory - 1)
            self._spend(user, price, None if owner == "platform" else owner)

    def _spend_refusal(self, user: str, price: int) -> str | None:
        if self._disputed(user):
            return "payment_disputed"
        return "insufficient_funds" if self.clients[user].balance < price else None

    def _spend(self, user: str, price: int, reader: str | None) -> None:
        self.clients[user].balance -= price
        if reader is not None:
            self.pending[reader] += price * 70 // 100

    @rule(reader=st.integers(0, 1))
    def payout(self, reader: int) -> None:
        """The daily payout of one reader (a new day each time): all pending earnings at or above the minimum."""
        reader_id = self._reader(reader)
        day = f"2030-{1 + self.example % 12:02d}-{next(self.days):02d}"
        report = payouts.pay_reader(reader_id, day)
        pending = self.pending[reader_id]
        if pending < PAYOUT_MINIMUM:
            assert report.results == [] and report.below_minimum == 1
            return
        assert [(r.outcome, r.amount_cents) for r in report.results] == [("paid", pending)]
        self.pending[reader_id], self.paid_out[reader_id] = 0, self.paid_out[reader_id] + pending

    # -- requests -------------------------------------------------------------------------------------

    @rule(client=st.integers(0, 1), reader=st.integers(0, 1))
    def request(self, client: int, reader: int) -> None:
        self._request(client, reader)

    def _request(self, client: int, reader: int) -> str | None:
        user, reader_id = self._client(client), self._reader(reader)
        rate, money = self.readers[reader_id], self.clients[user]
        stale = self.faults.stale_reads > 0
        if any(r.client == user and r.status in WAITING for r in self.readings.values()):
            expected: str | None = "request_open"
        elif self._busy(reader_id):
            expected = "reader_unavailable"
        elif self._disputed(user):
            expected = "payment_disputed"
        elif money.balance < rate:
            expected = "insufficient_funds"
        else:
            expected = None
        try:
            started = asking.request_reading(user, reader_id, "chat")
        except DomainError as error:
            assert error.code == expected, (error.code, expected)
            return None
        assert expected is None or (expected == "insufficient_funds" and stale), expected
        sid = started.session.session_id
        free = 0 if user in self.intro_used else FREE
        assert started.session.free_minutes == free
        self.readings[sid] = Reading(user, reader_id, rate, free, CLOCK.now)
        return sid

    @rule(client=st.integers(0, 1), reader=st.integers(0, 1), reader_first=st.booleans(), ticks=st.integers(0, 6))
    def book(self, client: int, reader: int, reader_first: bool, ticks: int) -> None:
        """The usual path: a request, both participants join the room, and the reading runs a while."""
        sid = self._request(client, reader)
        if sid is not None:
            for role in ("reader", "client") if reader_first else ROLES:
                self._join(sid, role)
        for _ in range(ticks):
            self._a_tick_passes()

    @precondition(lambda self: self._has(*WAITING))
    @rule(data=st.data(), yes=st.booleans())
    def answer(self, data: st.DataObject, yes: bool) -> None:
        sid, reading = self._pick(data, WAITING)
        try:
            if yes:
                asking.accept(sid, reading.reader)
            else:
                asking.decline(sid, reading.reader, None)
        except DomainError as error:
            assert error.status == 409, error.code
            assert yes and reading.status == "requested" and self._busy(reading.reader), error.code
            return
        if not yes:
            self._end(reading, "declined")
        elif reading.status == "requested":
            reading.status = "accepted"

    # -- the room: joins, drops, heartbeats, silence --------------------------------------------------

    @precondition(lambda self: self.readings)
    @rule(data=st.data(), role=st.sampled_from(ROLES))
    def join(self, data: st.DataObject, role: str) -> None:
        """A participant opens a connection and joins (a first join, a rejoin, or a second tab)."""
        sid, _ = self._pick(data, ("requested", "accepted", "active", "ended", "cancelled"))
        self._join(sid, role)

    def _join(self, sid: str, role: str) -> None:
        reading = self.readings[sid]
        connection = f"conn-{sid[-8:]}-{role}-{next(self.connections)}"
        room.connect(connection, self._user(reading, role), role)
        room.handle(connection, json.dumps({"action": "join-reading", "session_id": sid}))
        errors = [e["code"] for e in pushed(connection) if e.get("event") == "error"]
        if reading.status not in OPEN:
            assert errors == ["session_ended"], errors
            return
        reading.connection[role], reading.alive[role] = connection, True
        reading.away[role], reading.seen[role] = False, None
        if reading.status in WAITING and all(reading.connection.values()):
            self._activate(sid, reading, errors)
        else:
            assert errors == [], errors
        self._start_fresh_loops()

    def _activate(self, sid: str, reading: Reading, errors: list[str]) -> None:
        if self._busy(reading.reader):
            assert errors == ["reader_unavailable"], errors
            self._end(reading, "reader_unavailable")
            return
        assert errors == [], errors
        assert not (reading.free and reading.client in self.intro_used)
        reading.status, reading.generation, reading.last_tick = "active", 0, CLOCK.now
        if reading.free:
            self.intro_used.add(reading.client)
        self._expect_start(sid)

    def _expect_start(self, name: str) -> bool:
        """start_billing_loop: StartExecution tried START_ATTEMPTS times."""
        used = min(self.sfn_failures_expected, START_ATTEMPTS)
        self.sfn_failures_expected -= used
        if used == START_ATTEMPTS:
            return False
        self.expected_executions.add(name)
        return True

    @precondition(lambda self: any(any(r.alive.values()) for r in self.readings.values()))
    @rule(data=st.data(), arrives=st.booleans())
    def lose_connection(self, data: st.DataObject, arrives: bool) -> None:
        """A participant's connection closes: `$disconnect` arrives, or never does (a dead network)."""
        choices = [(s, role) for s, r in self.readings.items() for role in ROLES if r.alive[role]]
        sid, role = data.draw(st.sampled_from(choices))
        reading = self.readings[sid]
        connection = reading.connection[role]
        assert connection is not None
        reading.alive[role] = False
        if not arrives:
            self.vanished.append((sid, connection))
            return
        room.disconnect(connection)
        self._away(reading, role)

    def _away(self, reading: Reading, role: str) -> None:
        if reading.status not in OPEN:
            return
        reading.away[role] = True
        if reading.status == "active" and reading.paused * TICK >= GRACE:
            self._end(reading, "disconnected")

    @precondition(lambda self: self.vanished)
    @rule(data=st.data())
    def late_disconnect(self, data: st.DataObject) -> None:
        """A `$disconnect` that arrives late (it counts only if that connection is still the one in the room)."""
        sid, connection = self.vanished.pop(data.draw(st.integers(0, len(self.vanished) - 1)))
        reading = self.readings[sid]
        room.disconnect(connection)
        for role in ROLES:
            if reading.connection[role] == connection:
                self._away(reading, role)

    @precondition(lambda self: any(any(r.alive.values()) for r in self.readings.values()))
    @rule(data=st.data())
    def heartbeat(self, data: st.DataObject) -> None:
        choices = [(s, role) for s, r in self.readings.items() for role in ROLES if r.alive[role]]
        sid, role = data.draw(st.sampled_from(choices))
        reading = self.readings[sid]
        room.handle(str(reading.connection[role]), json.dumps({"action": "heartbeat"}))
        if reading.status in OPEN:
            reading.seen[role] = CLOCK.now

    def _endable(self) -> list[str]:
        """Requests, and readings that ran a while (so that most readings live long enough to matter)."""
        return [
            sid
            for sid, r in self.readings.items()
            if r.status in WAITING or (r.status == "active" and r.minutes + r.paused >= 5)
        ]

    @precondition(lambda self: self._endable())
    @rule(data=st.data(), role=st.sampled_from(ROLES))
    def end(self, data: st.DataObject, role: str) -> None:
        """Either side ends the reading (or withdraws / cancels the request)."""
        sid = data.draw(st.sampled_from(self._endable()))
        reading = self.readings[sid]
        summary = lifecycle.end_by_participant(sid, self._user(reading, role), role)
        self._end(reading, f"ended_by_{role}")
        assert summary.status == reading.status

    # -- time: every live loop ticks, then the reconciler runs --------------------------------------

    @rule(ticks=st.integers(1, 6))
    def time_passes(self, ticks: int) -> None:
        for _ in range(ticks):
            self._a_tick_passes()

    @precondition(lambda self: self._has("active"))
    @rule(data=st.data(), role=st.sampled_from(ROLES))
    def dodge_a_tick(self, data: st.DataObject, role: str) -> None:
        """A participant drops just before a tick and rejoins right after it (within the grace)."""
        sid, reading = self._pick(data, ("active",))
        connection = reading.connection[role]
        if reading.alive[role] and connection is not None:
            reading.alive[role] = False
            room.disconnect(connection)
            self._away(reading, role)
        self._a_tick_passes()
        self._join(sid, role)

    @precondition(lambda self: self._has("active"))
    @rule(data=st.data(), role=st.sampled_from(ROLES), late=st.booleans())
    def goes_silent(self, data: st.DataObject, role: str, late: bool) -> None:
        """A participant heartbeats, then their network dies: no `$disconnect` (or a late one), no more
        heartbeats; time passes beyond the heartbeat window."""
        sid, reading = self._pick(data, ("active",))
        connection = reading.connection[role]
        if not reading.alive[role] or connection is None:
            return
        room.handle(connection, json.dumps({"action": "heartbeat"}))
        reading.seen[role] = CLOCK.now
        reading.alive[role] = False
        self.vanished.append((sid, connection))
        for _ in range(WINDOW // TICK + 1):
            self._a_tick_passes()

    def _a_tick_passes(self) -> None:
        """Every loop's Wait ends: their Tasks run (continuations start and charge at once); then the
        scheduled reconciler runs, and the loops it restarts charge at once too."""
        CLOCK.now += TICK
        for execution in self.sfn.live():
            if execution.stalled:
                execution.stalled -= 1
            elif not execution.fresh:
                self._run_task(execution, execution.state)
        self._start_fresh_loops()
        self._reconcile()
        self._start_fresh_loops()

    def _start_fresh_loops(self) -> None:
        while fresh := [e for e in self.sfn.live() if e.fresh]:
            for execution in fresh:
                execution.fresh = False
                self._run_task(execution, execution.state)

    @precondition(lambda self: any(e.delivered is not None for e in self.sfn.live()))
    @rule(data=st.data())
    def task_delivered_again(self, data: st.DataObject) -> None:
        """The last Task of a loop runs again with the same input (its first response was lost)."""
        execution = data.draw(st.sampled_from([e for e in self.sfn.live() if e.delivered is not None]))
        assert execution.delivered is not None
        self._run_task(execution, execution.delivered)

    def _run_task(self, execution: Execution, state: dict[str, Any]) -> None:
        """The ASL's ChargeMinute state: the task, retried three times, then the Catch."""
        reading = self.readings[execution.session_id]
        expected = self._expect_task(reading, execution, state)
        execution.delivered = state
        outcome = "failed"
        for _ in range(TASK_ATTEMPTS):
            try:
                result = self.task(state, LambdaContext(function_name="BillingTickFunction"))
            except billing.ReadingOver:
                outcome = "over"
                break
            except Exception:
                continue
            outcome = "next"
            break
        assert outcome == expected[0], (outcome, expected)
        if outcome == "next":
            assert (result["minute"], result["ticks_left"]) == expected[1], (result, expected)
            execution.state = result
            return
        execution.live = False
        if outcome == "failed":  # the Catch: EndOnBillingError
            ended = self.task(
                {"operation": "end_on_error", "session_id": execution.session_id, "error": {"Error": "Throttled"}},
                LambdaContext(function_name="BillingTickFunction"),
            )
            assert ended["status"] in ("ended", "cancelled")
            if reading.status == "active":
                self._end(reading, "billing_error")
                reading.told_billing_error = [c for c in reading.connection.values() if c]

    def _expect_task(self, reading: Reading, execution: Execution, state: dict[str, Any]) -> tuple[str, Any]:
        """What the billing task must do with this input, the model's faults consumed as the real ones are."""
        minute, generation, ticks_left = int(state["minute"]), execution.generation, int(state["ticks_left"])
        for attempt in range(TASK_ATTEMPTS):
            if self.tick_failures_expected > 0:
                self.tick_failures_expected -= 1
                continue
            if reading.status != "active" or reading.generation > generation:
                return "over", None
            if ticks_left <= 0:  # continues as the next generation, from this minute
                if self.sfn_failures_expected > 0:
                    self.sfn_failures_expected -= 1
                    continue
                self.expected_executions.add(f"{execution.session_id}-g{generation + 1}")
                return "over", None
            recorded_before = reading.minutes
            task = f"{state.get('generation', 0)}:{minute}:{state.get('ticks_left')}"
            expected = self._expect_minute(reading, minute, generation, ticks_left, task)
            if reading.minutes > recorded_before and self.lost_expected > 0:  # it committed, then raised
                self.lost_expected -= 1
                if attempt + 1 == TASK_ATTEMPTS:
                    return "failed", None
                # the retry finds the minute recorded and answers as the lost response would have
            return expected
        return "failed", None

    def _expect_minute(
        self, reading: Reading, minute: int, generation: int, ticks_left: int, task: str
    ) -> tuple[str, Any]:
        if reading.away_roles(CLOCK.now):
            if reading.paused_task == task:  # this very Task paused already
                return "next", (minute, ticks_left - 1)
            if (reading.paused + 1) * TICK > GRACE:
                self._end(reading, "disconnected")
                return "over", None
            reading.paused += 1
            reading.paused_task = task
            reading.last_tick, reading.generation = CLOCK.now, generation
            return "next", (minute, ticks_left - 1)
        if reading.minutes >= minute:  # recorded by an earlier delivery
            return "next", (reading.minutes + 1, ticks_left - 1)
        assert reading.minutes == minute - 1
        if minute > reading.free:
            money = self.clients[reading.client]
            if money.balance < reading.rate:
                self._end(reading, "insufficient_funds")
                return "over", None
            money.balance -= reading.rate
            self.pending[reading.reader] += reading.rate * 70 // 100
            reading.paid += 1
        reading.minutes = minute
        reading.last_tick, reading.generation = CLOCK.now, generation
        return "next", (minute + 1, ticks_left - 1)

    def _reconcile(self) -> None:
        self.sfn.calls.clear()
        report = reconcile.reconcile(now=CLOCK.now)
        restarting = {
            sid
            for sid, r in self.readings.items()
            if r.status == "active" and STALE < CLOCK.now - r.last_tick <= GIVE_UP
        }
        expected_ended = {
            sid for sid, r in self.readings.items() if r.status == "active" and CLOCK.now - r.last_tick > GIVE_UP
        }
        expected_restarted = set()
        order = {sid: self.sfn.calls.index(sid) for sid in restarting}  # as the reconciler met them
        for sid in sorted(restarting, key=order.__getitem__):
            reading = self.readings[sid]
            reading.generation += 1
            reading.last_tick = CLOCK.now
            if self._expect_start(f"{sid}-g{reading.generation}"):
                expected_restarted.add(sid)
            else:
                expected_ended.add(sid)
        for sid in expected_ended:
            self._end(self.readings[sid], "billing_error")
        expired = set()
        for sid, reading in self.readings.items():
            if reading.status in WAITING and CLOCK.now - reading.created > JOIN_TIMEOUT:
                self._end(reading, "not_answered" if reading.status == "requested" else "not_joined")
                expired.add(sid)
        assert (set(report.restarted), set(report.ended), set(report.expired)) == (
            expected_restarted,
            expected_ended,
            expired,
        )

    # -- faults -------------------------------------------------------------------------------------

    @rule(
        kind=st.sampled_from(["tick", "lost_response", "start_execution", "conflict", "stale_read"]),
        times=st.integers(1, 5),
    )
    def fault(self, kind: str, times: int) -> None:
        """The next `times` billing ticks raise, or the next ticks (at most 2) that record a minute raise
        after committing it (a lost response: the retry must find it recorded), or StartExecution calls
        raise, or TransactWriteItems are cancelled as TransactionConflict (at most 3: the ledger retries);
        or the next client balance read is stale."""
        if kind == "tick":
            self.ticks.failures = self.tick_failures_expected = times
        elif kind == "lost_response":
            self.ticks.lost = self.lost_expected = min(times, 2)
        elif kind == "start_execution":
            self.sfn.failures = self.sfn_failures_expected = times
        elif kind == "conflict":
            self.faults.conflicts = min(times, 3)
        else:
            self.faults.stale_reads = 1

    @precondition(lambda self: self.sfn.live())
    @rule(data=st.data(), stalls=st.booleans())
    def loop_fault(self, data: st.DataObject, stalls: bool) -> None:
        """An execution stops without ending its reading (stopped by hand, a service failure), or its
        Tasks stop running for three ticks and then resume (the reconciler may have replaced it)."""
        execution = data.draw(st.sampled_from(self.sfn.live()))
        if stalls:
            execution.stalled = 3
        else:
            execution.live = False

    # -- invariants ---------------------------------------------------------------------------------

    @invariant()
    def faults_are_consumed_as_the_model_says(self) -> None:
        assert self.ticks.failures == self.tick_failures_expected
        assert self.ticks.lost == self.lost_expected
        assert self.sfn.failures == self.sfn_failures_expected

    @invariant()
    def money_equals_the_model(self) -> None:
        real_balance_of = self.faults._real_balance_of
        for user, client in self.clients.items():
            accounts = (ledger.client_balance(user), ledger.client_owed(user), ledger.client_held(user))
            real = [real_balance_of(account) for account in accounts]
            assert (real[0], -real[1], real[2]) == (client.balance, client.owed, client.held), user
            assert real[0] >= 0 and real[1] <= 0 and real[2] >= 0
            for account, balance in zip(accounts, real, strict=True):
                assert balance == sum(int(e.amount) for e in LedgerEntryModel.query(account, consistent_read=True))
        for reader, pending in self.pending.items():
            assert real_balance_of(ledger.reader_pending(reader)) == pending, reader
            assert real_balance_of(ledger.reader_paid_out(reader)) == self.paid_out[reader], reader
        for product, (_, _, inventory) in self.stock.items():
            assert int(ProductModel.get(product, consistent_read=True).inventory) == inventory
        assert sum(int(account.balance) for account in LedgerAccountModel.scan(consistent_read=True)) == 0

    @invariant()
    def readings_equal_the_model(self) -> None:
        for sid, reading in self.readings.items():
            real = SessionModel.get(sid, consistent_read=True)
            assert (real.status, real.end_reason) == (reading.status, reading.reason), sid
            assert (int(real.minutes), int(real.paid_minutes), int(real.free_minutes)) == (
                reading.minutes,
                reading.paid,
                reading.free,
            ), sid
            # every minute is paid or free: the counter is the paid minutes plus the free ones used
            assert int(real.minutes) == int(real.paid_minutes) + min(int(real.free_minutes), int(real.minutes))
            assert int(real.paused_seconds) == reading.paused * TICK <= GRACE
            assert int(real.total_cents) == reading.paid * reading.rate
            if real.status == "active":
                assert int(real.generation) == reading.generation and float(real.last_tick_at) == reading.last_tick
            for connection in reading.told_billing_error:
                ended = [e for e in pushed(connection) if e.get("event") == "session-ended"]
                assert ended and ended[-1]["summary"]["end_reason"] == "billing_error"
        for reader in self.readers:
            status = ReaderProfileModel.get(reader, consistent_read=True).status
            assert status == ("busy" if self._busy(reader) else "online"), reader

    @invariant()
    def no_reading_is_active_without_a_loop(self) -> None:
        for sid, reading in self.readings.items():
            if reading.status != "active":
                continue
            looped = any(e.generation >= reading.generation for e in self.sfn.live(sid))
            assert looped or CLOCK.now - reading.last_tick <= STALE, sid
        assert self.expected_executions <= set(self.sfn.executions)

    def teardown(self) -> None:
        for module, name, value in self._saved:
            setattr(module, name, value)
        self.faults.close()
        for sid in self.readings:  # the tables outlive the example: leave no open reading to the next one
            lifecycle.end_reading(sid, "example_over")
        for sid, reading in self.readings.items():
            charged = {
                int(m.movement_id.rsplit(":", 1)[1])
                for m in LedgerMovementModel.scan(LedgerMovementModel.movement_id.startswith(f"charge:{sid}:"))
            }
            assert charged == set(range(reading.free + 1, reading.minutes + 1)), sid
        report = audit.run_audit()
        assert report.clean, report.problems
        for model in (LedgerEntryModel, LedgerMovementModel, LedgerAccountModel):
            _empty(model)  # moto sorts a whole table for each query: keep the next example's steps fast


def _empty(model: Any) -> None:
    """Deletes every item of a table (after the audit: the ledger stays balanced, at zero)."""
    with model.batch_write() as batch:
        for item in model.scan(consistent_read=True):
            batch.delete(item)


@pytest.mark.timeout(900)  # a passing run takes under a minute; a failing one has time to shrink
def test_reading_simulation(local_stripe: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    STRIPE["url"] = local_stripe.url
    STRIPE["server"] = local_stripe
    for name, value in {
        "PAYOUT_MINIMUM_CENTS": PAYOUT_MINIMUM,
        "BILLING_TICK_SECONDS": TICK,
        "DISCONNECT_GRACE_SECONDS": GRACE,
        "HEARTBEAT_WINDOW_SECONDS": WINDOW,
        "TICKS_PER_EXECUTION": TICKS_PER_EXECUTION,
        "JOIN_TIMEOUT_SECONDS": JOIN_TIMEOUT,
    }.items():
        monkeypatch.setenv(name, str(value))
    clock = types.SimpleNamespace(time=CLOCK.time, sleep=CLOCK.sleep)
    for module in (billing, lifecycle, readings_store):
        monkeypatch.setattr(module, "time", clock)
    monkeypatch.setattr(readings_store, "utcnow", CLOCK.utcnow)  # the store stamps created, started, ended
    rules.cache_clear()
    quiet = logging.getLogger("soulseer")
    level, quiet.level = quiet.level, logging.CRITICAL  # the loop logs every failure it survives
    try:
        run_state_machine_as_test(
            ReadingSimulation,
            settings=simulation_settings(max_examples=20, stateful_step_count=40),
        )
    finally:
        quiet.setLevel(level)
        rules.cache_clear()
