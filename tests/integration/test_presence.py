"""Presence: a reader is online only with a live WebSocket connection; the last one closing (or going
silent) takes them offline after the grace; busy stays as readings set it; listings show it live."""

from __future__ import annotations

import time

import pytest

from soulseer import presence, readers
from soulseer.errors import DomainError
from soulseer.models import PresenceModel, ReaderProfileModel
from tests.support.apigw import LambdaContext, load_handler_module
from tests.support.presence import action, connect, delivery, disconnect, queue_counts
from tests.support.readings import make_reader, wait_for

GRACE_SECONDS = 3  # short, but long enough that a loaded machine is not slower between two statements


@pytest.fixture
def short_grace(monkeypatch):
    monkeypatch.setenv("PRESENCE_GRACE_SECONDS", str(GRACE_SECONDS))
    presence.presence_rules.cache_clear()
    yield
    presence.presence_rules.cache_clear()


def new_reader(reader_id: str) -> None:
    make_reader(reader_id)  # online through its app connection `app-<id>`
    disconnect(f"app-{reader_id}", reader_id, "reader")


def status(reader_id: str) -> str:
    return ReaderProfileModel.get(reader_id, consistent_read=True).status


def test_online_needs_an_open_connection(aws, template) -> None:
    new_reader("r1")
    delivery(template).drain()
    readers.set_status("r1", "offline")
    with pytest.raises(DomainError) as refused:
        readers.set_status("r1", "online")
    assert refused.value.code == "no_presence_connection" and refused.value.status == 409
    connect("conn-r1", "r1", "reader")
    assert readers.set_status("r1", "online").status == "online"
    assert readers.get_reader("r1").status == "online"
    assert [r.status for r in readers.list_readers(status="online").items] == ["online"]


def test_last_connection_closed_goes_offline_after_the_grace(aws, template, short_grace) -> None:
    make_reader("r1")
    delivery(template).drain()  # the announcement of going online
    connect("conn-phone", "r1", "reader")
    disconnect("app-r1", "r1", "reader")  # another connection is still open: nothing to check
    assert queue_counts(template) == (0, 0)
    disconnect("conn-phone", "r1", "reader")
    closed = time.monotonic()
    assert queue_counts(template) == (0, 1)  # the check waits out the grace in the queue
    assert delivery(template).drain() == 0 and status("r1") == "online"
    assert wait_for(lambda: delivery(template).drain()) == 1
    assert time.monotonic() - closed >= GRACE_SECONDS - 0.1  # not before the grace (SQS counts whole seconds)
    assert status("r1") == "offline"
    assert PresenceModel.count("r1") == 0


def test_reconnecting_within_the_grace_stays_online(aws, template, short_grace) -> None:
    make_reader("r1")
    delivery(template).drain()
    disconnect("app-r1", "r1", "reader")
    connect("conn-again", "r1", "reader")
    assert wait_for(lambda: delivery(template).drain()) == 1  # the check, after the grace
    assert status("r1") == "online"


def test_a_silent_connection_is_swept_offline(aws, template, short_grace) -> None:
    make_reader("r1")
    make_reader("r2")
    window = presence.presence_rules().heartbeat_window_seconds
    PresenceModel("r1", "app-r1").update(
        actions=[PresenceModel.last_seen.set(int(time.time()) - window - GRACE_SECONDS - 1)]
    )
    assert presence.sweep() == ["r1"]
    assert status("r1") == "offline" and status("r2") == "online"


def test_heartbeats_keep_a_connection_alive(aws, template, short_grace) -> None:
    make_reader("r1")
    old = int(time.time()) - 3600
    PresenceModel("r1", "app-r1").update(actions=[PresenceModel.last_seen.set(old)])
    action("app-r1", "r1", "reader", "heartbeat")
    assert int(PresenceModel.get("r1", "app-r1").last_seen) > old
    assert presence.sweep() == [] and status("r1") == "online"


def test_busy_stays_busy(aws, template, short_grace) -> None:
    make_reader("r1")
    ReaderProfileModel("r1").update(actions=[ReaderProfileModel.status.set("busy")])
    disconnect("app-r1", "r1", "reader")
    assert wait_for(lambda: delivery(template).drain()) == 1  # the check, after the grace
    assert status("r1") == "busy"  # a reading's own liveness decides when it ends


def test_the_sweep_runs_from_the_schedule(aws, template) -> None:
    make_reader("r1")
    PresenceModel("r1", "app-r1").delete()
    event = {"detail-type": "Scheduled Event", "source": "aws.events", "detail": {}}
    result = load_handler_module("presence").handler(event, LambdaContext())
    assert result == {"taken_offline": ["r1"]}
    assert status("r1") == "offline"
