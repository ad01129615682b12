"""`soulseer dev`: moto, the REST gateway and the dev issuer on 127.0.0.1 until SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from soulseer_tools.deploy.webconfig import storefront
from soulseer_tools.localcloud.backends import (
    LOCAL_STRIPE_KEY,
    LOCAL_VAPID_PUBLIC_KEY,
    LOCAL_WEBHOOK_SECRET,
    prepare_email,
    prepare_moto,
    put_agora_secret,
    put_notify_secret,
    put_stripe_secret,
)
from soulseer_tools.localcloud.cfn_yaml import load_template_file
from soulseer_tools.localcloud.demo_presence import TOKEN_TTL_SECONDS, DemoPresence
from soulseer_tools.localcloud.environment import (
    JWKS_PATH,
    UNSET_VARIABLES,
    dev_parameters,
    lambda_environment,
)
from soulseer_tools.localcloud.functions import FunctionRunner
from soulseer_tools.localcloud.moto_server import MotoServer
from soulseer_tools.localcloud.persistence import SAVE_INTERVAL_SECONDS, Persistence, RestoreFailed
from soulseer_tools.localcloud.queue_delivery import QueueDelivery, create_queues, sqs_client
from soulseer_tools.localcloud.read_statemachines import read_state_machines, task_function_names
from soulseer_tools.localcloud.s3_front import LocalS3
from soulseer_tools.localcloud.template import Template
from soulseer_tools.localstripe import STATE as STRIPE_STATE

HOST = "127.0.0.1"
STATE_FILE = "state.json"
LOCAL_PUBLISHABLE_KEY = "pk_test_soulseer_local"
RUNNER_SHUTDOWN_SECONDS = 0.5  # requests still running when the servers stop get this long
STOP_DEADLINE_SECONDS = 3.5  # Ctrl-C ends the process by then, whatever is still running
DEMO_ONLINE_SECONDS = 60  # the boot waits this long for the demo readers (a loaded machine is slow)
TASK_INSTANCES = 8  # instances of a state machine task function (threads of this process: the GIL caps more)
log = logging.getLogger("soulseer.localcloud")


@dataclass(frozen=True)
class DevOptions:
    template: Path = Path("template.yaml")
    state_dir: Path = Path(".soulseer-dev")
    port: int = 3000
    moto_port: int = 4566
    issuer_port: int = 3001
    ws_port: int = 3002
    stripe_port: int = 12111
    web_port: int = 5173
    push_port: int = 0  # the local push service; 0: any free port (state.json names it)
    web_dist: Path | None = None  # default: web/dist next to the template
    tick_seconds: int | None = None
    seed: bool = True
    fresh: bool = False  # forget the tables and local Stripe objects an earlier run saved in state_dir
    web_origins: tuple[str, ...] = ()  # default: the served web app's origins (127.0.0.1 first)
    parameters: dict[str, str] = field(default_factory=dict)

    @property
    def origins(self) -> tuple[str, ...]:
        """Browser origins allowed by CORS and as `azp`; the first is API Gateway's preflight origin."""
        return self.web_origins or (f"http://{HOST}:{self.web_port}", f"http://localhost:{self.web_port}")

    @property
    def ports(self) -> tuple[int, ...]:
        return (self.moto_port, self.port, self.issuer_port, self.stripe_port, self.web_port)


class PortInUse(RuntimeError):
    pass


def ensure_free(port: int) -> None:
    """Refuse a port someone listens on. SO_REUSEADDR, as the servers themselves bind: the TIME_WAIT
    sockets a stopped `soulseer dev` leaves behind do not block a restart."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            raise PortInUse(f"{HOST}:{port} is already in use (another `soulseer dev`?)") from None


def read_state(state_dir: Path) -> dict[str, Any]:
    path = state_dir / STATE_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: is `soulseer dev` running with this --state-dir?")
    return json.loads(path.read_text())


def _write_state(state_dir: Path, state: dict[str, Any]) -> None:
    tmp = state_dir / f".{STATE_FILE}.tmp"
    tmp.write_text(json.dumps(state, indent=2) + "\n")
    tmp.replace(state_dir / STATE_FILE)


async def _site(app: web.Application, port: int | None) -> web.AppRunner:
    """Serves `app` on `port` (None: not yet; add a site with `_listen` when it should answer)."""
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=RUNNER_SHUTDOWN_SECONDS)
    await runner.setup()
    if port is not None:
        await _listen(runner, port)
    return runner


async def _listen(runner: web.AppRunner, port: int) -> int:
    try:
        await web.TCPSite(runner, HOST, port).start()
    except OSError:
        raise PortInUse(f"{HOST}:{port} is already in use (another `soulseer dev`?)") from None
    return int(runner.addresses[-1][1])


class LocalCloud:
    def __init__(self, options: DevOptions) -> None:
        self.options = options
        self.issuer_url = f"http://{HOST}:{options.issuer_port}"
        self.gateway_url = f"http://{HOST}:{options.port}"
        self.stripe_url = f"http://{HOST}:{options.stripe_port}"
        local = {"StripeApiBase": self.stripe_url}
        if options.tick_seconds:
            local["BillingTickSeconds"] = str(options.tick_seconds)
        self.web_url = f"http://{HOST}:{options.web_port}"
        from soulseer_tools.localpush import LocalPushService

        try:
            self.push = LocalPushService(HOST, options.push_port)  # bound now: its origin is a parameter
        except OSError:
            raise PortInUse(f"{HOST}:{options.push_port} is already in use (another `soulseer dev`?)") from None
        local["PushEndpointHosts"] = f"{_default(options.template, 'PushEndpointHosts')},{self.push.url}"
        parameters = {**dev_parameters(self.issuer_url, options.origins), **local, **options.parameters}
        self.template = Template(options.template, parameters)
        self.moto = MotoServer(HOST, options.moto_port)
        self.env: dict[str, str] = {}
        self.functions: FunctionRunner | None = None
        self.state_dir = options.state_dir.resolve()
        self.persistence = Persistence(self.state_dir, self.moto.url, [t.name for t in self.template.tables.values()])
        self.restored = 0  # items put back from the state dir at boot
        self.up = False  # everything serves; until then Ctrl-C has nothing worth an orderly shutdown

    def boot_backend(self) -> None:
        """moto, the environment every function sees, tables and demo data (blocking)."""
        for port in self.options.ports:
            ensure_free(port)
        self.moto.start()
        self.s3 = LocalS3(self.template, HOST)
        self.env = lambda_environment(
            self.template,
            self.moto.url,
            websocket_port=self.options.ws_port,
            gateway_url=self.gateway_url,
            web_url=self.web_url,
        )
        self.env.update(self.s3.env())
        for name in UNSET_VARIABLES:
            os.environ.pop(name, None)
        os.environ.update(self.env)  # before any handler or soulseer module is imported
        self.moto.create_tables(self.template.tables.values())
        if self.options.fresh:
            self.persistence.clear()
        self.restored = self.persistence.restore_tables()
        create_queues(sqs_client(self.moto.url), self.template.queues.values())
        self.s3.create_buckets(self.moto.url)
        self.persistence.buckets = list(self.s3.buckets)
        self.restored += self.persistence.restore_objects()
        # Step Functions' task functions hold nothing per event in their handler modules: like Lambda, run
        # overlapping tasks (every reading's tick) side by side rather than one at a time
        tasks = task_function_names(read_state_machines(self.template)) & set(self.template.functions)
        self.functions = FunctionRunner(self.template.functions, {name: TASK_INSTANCES for name in tasks})
        self.state_machines = prepare_moto(self.template, self.functions, self.moto.url)
        put_stripe_secret(self.env["STRIPE_SECRET_NAME"], self.moto.url)
        put_agora_secret(self.env["AGORA_SECRET_NAME"], self.moto.url)
        put_notify_secret(self.env["NOTIFY_SECRET_NAME"], self.moto.url)
        prepare_email(self.env["EMAIL_SENDER"], self.env["EMAIL_CONFIGURATION_SET"], self.moto.url)
        if self.seeding:
            from soulseer_tools.localcloud.seed import seed_demo_data

            seed_demo_data()

    @property
    def seeding(self) -> bool:
        """Demo data goes into empty tables only (a restart keeps what the last run had)."""
        return self.options.seed and not self.restored

    def state(self, api_stage: str) -> dict[str, Any]:
        return {
            "gateway_url": self.gateway_url,
            "moto_url": self.moto.url,
            "issuer": self.issuer_url,
            "stripe_url": self.stripe_url,
            "stripe_secret_key": LOCAL_STRIPE_KEY,
            "jwks_url": self.issuer_url + JWKS_PATH,
            "authorized_party": self.options.origins[0],
            "web_url": self.web_url,
            "push_service_url": self.push.url,
            "s3_url": self.s3.url,
            "stripe_publishable_key": LOCAL_PUBLISHABLE_KEY,
            "stage": api_stage,
            **self._websocket_urls(),
            "tables": {table.logical_id: table.name for table in self.template.tables.values()},
            "env": self.env,
            "template": str(self.template.path),
            "pid": os.getpid(),
        }

    def web_config(self, api_stage: str) -> dict[str, Any]:
        """The web app's runtime config.json (the deploy step writes the same shape from stack outputs)."""
        parameters = self.template.resolver.parameters
        return {
            "stage": api_stage,
            "apiUrl": self.gateway_url,
            "wsUrl": self._websocket_urls().get("websocket_url"),
            "auth": {"mode": "dev", "devIssuerUrl": self.issuer_url},
            "payments": {"mode": "local", "publishableKey": LOCAL_PUBLISHABLE_KEY, "stripeApiUrl": self.stripe_url},
            "video": {"mode": "local"},
            "push": {"vapidPublicKey": LOCAL_VAPID_PUBLIC_KEY},
            "storefront": storefront(parameters["FreeIntroMinutes"], parameters["SatisfactionPolicy"]),
        }

    def web_dist(self) -> Path:
        return self.options.web_dist or self.template.path.resolve().parent / "web" / "dist"

    async def serve(self, stop: asyncio.Event | None = None) -> None:
        """Until `stop` is set (SIGINT/SIGTERM set it when none is given)."""
        from soulseer_tools.dev_issuer import DevIssuer
        from soulseer_tools.localcloud.gateway import RestGateway
        from soulseer_tools.localcloud.issuer import issuer_app
        from soulseer_tools.localcloud.scheduler import Scheduler
        from soulseer_tools.localcloud.webapp import WebApp
        from soulseer_tools.localcloud.websocket import WebSocketGateway
        from soulseer_tools.localstripe import start_local_stripe

        state_dir = self.state_dir
        state_dir.mkdir(parents=True, exist_ok=True)
        api = self.template.rest_api()
        runners: list[web.AppRunner] = []
        websocket_api = self.template.websocket_api()
        websocket: WebSocketGateway | None = None
        scheduler: Scheduler | None = None
        delivery: QueueDelivery | None = None
        demo: DemoPresence | None = None
        stripe_runner: web.AppRunner | None = None
        saver: asyncio.Task[None] | None = None
        if stop is None:
            stop = asyncio.Event()
            _stop_on_signals(asyncio.get_running_loop(), stop, lambda: self.up)
        try:
            if websocket_api is not None:
                ensure_free(self.options.ws_port)
            await asyncio.to_thread(self.boot_backend)
            if stop.is_set():
                return
            assert self.functions is not None
            from soulseer_tools.localcloud.outbox import sent_emails

            self.push.emails = sent_emails
            self.push.start()
            issuer = DevIssuer(state_dir, self.issuer_url)
            gateway = RestGateway(api, self.functions)
            runners.append(await _site(issuer_app(issuer, self.options.origins), self.options.issuer_port))
            # The REST API answers on its port only once everything is up (the first 200 means ready); until
            # then only the boot's own callers (the demo readers) reach it, on a private port
            api_runner = await _site(gateway.app(), None)
            runners.append(api_runner)
            boot_gateway_url = f"http://{HOST}:{await _listen(api_runner, 0)}"
            if websocket_api is not None:
                websocket = WebSocketGateway(websocket_api, self.functions)
                runners.append(await _site(websocket.app(), self.options.ws_port))
            webhook = (f"{self.gateway_url}/api/payments/webhook", LOCAL_WEBHOOK_SECRET)
            stripe_runner = await start_local_stripe(
                HOST,
                self.options.stripe_port,
                webhook_endpoints=[webhook],
                cors_origins=self.options.origins,
                shutdown_timeout=RUNNER_SHUTDOWN_SECONDS,
                store=self.persistence.load_stripe(),
            )
            runners.append(stripe_runner)
            if self.seeding:
                from soulseer_tools.localcloud.seed import seed_demo_products

                await asyncio.to_thread(seed_demo_products)
            runners.append(await self.s3.start(self.moto.url, self.functions.invoke, self.env["AWS_SECRET_ACCESS_KEY"]))
            webapp = WebApp(self.web_dist(), self.web_config(api.stage), media=self.s3.media)
            webapp_runner = await _site(webapp.app(), None)
            runners.append(webapp_runner)
            if self.options.seed and websocket_api is not None:
                from soulseer_tools.localcloud.seed import demo_online_readers

                azp = self.options.origins[0]
                demo = DemoPresence(
                    demo_online_readers(),
                    self._websocket_urls()["websocket_url"],
                    boot_gateway_url,
                    lambda user: issuer.mint(user, azp=azp, ttl_seconds=TOKEN_TTL_SECONDS),
                )
                demo.start()
                await demo.wait_online(timeout=DEMO_ONLINE_SECONDS)
            scheduler = Scheduler(self.template.schedules, self.functions.invoke)
            scheduler.start()
            delivery = QueueDelivery(
                sqs_client(self.moto.url), self.template.queues, self.template.queue_sources, self.functions.invoke
            )
            delivery.start()
            if stop.is_set():
                return
            _write_state(state_dir, self.state(api.stage))
            await _listen(webapp_runner, self.options.web_port)
            await _listen(api_runner, self.options.port)
            self.up = True
            saver = asyncio.create_task(self._save_every(SAVE_INTERVAL_SECONDS, stripe_runner))
            self._banner(api.stage, len(api.routes), state_dir)
            await stop.wait()
            print("soulseer dev: shutting down", file=sys.stderr, flush=True)
        finally:
            (state_dir / STATE_FILE).unlink(missing_ok=True)
            if demo is not None:
                await demo.stop()
            if scheduler is not None:
                await scheduler.stop()
            if delivery is not None:
                await delivery.stop()
            if websocket is not None:
                await websocket.close()  # connections end (1001) and $disconnect runs while all is served
            if saver is not None:
                saver.cancel()
            for runner in reversed(runners):
                await runner.cleanup()
            if self.up:  # never over a saved state with a boot that did not finish restoring it
                await asyncio.to_thread(self._save, stripe_runner)
            if self.functions is not None:
                self.functions.close()
            self.push.stop()
            self.moto.stop()

    def _save(self, stripe_runner: web.AppRunner | None) -> None:
        try:
            self.persistence.save(stripe_runner.app[STRIPE_STATE].store if stripe_runner else None)
        except Exception:
            log.exception("saving the local cloud's data to %s failed", self.persistence.dir)

    async def _save_every(self, seconds: float, stripe_runner: web.AppRunner | None) -> None:
        while True:
            await asyncio.sleep(seconds)
            await asyncio.to_thread(self._save, stripe_runner)

    def _data_line(self) -> str:
        kept = f"{self.restored} items restored" if self.restored else "started empty"
        return f"{kept}; tables and local Stripe kept across restarts, `--fresh` starts empty"

    def _web_line(self) -> str:
        dist = self.web_dist()
        return f"from {dist}" if (dist / "index.html").is_file() else f"{dist} not built: run `make run` or `make web`"

    def _schedules_line(self) -> str:
        schedules = [s for s in self.template.schedules.values() if s.enabled]
        return ", ".join(f"{s.function_id} {s.expression} UTC" for s in schedules) or "none"

    def _queues_line(self) -> str:
        sources = self.template.queue_sources.values()
        return ", ".join(f"{self.template.queues[s.queue].name} -> {s.function_id}" for s in sources) or "none"

    def _websocket_urls(self) -> dict[str, str]:
        api = self.template.websocket_api()
        if api is None:
            return {}
        return {
            "websocket_url": f"ws://{HOST}:{self.options.ws_port}/{api.stage}",
            "websocket_management_url": f"http://{HOST}:{self.options.ws_port}/{api.stage}",
        }

    def _banner(self, stage: str, routes: int, state_dir: Path) -> None:
        websocket = self.template.websocket_api()
        lines = [
            "soulseer dev: the local cloud is up",
            f"  REST API   {self.gateway_url}  (stage {stage}, {routes} routes, {self.template.path.name})",
        ]
        if websocket is not None:
            urls = self._websocket_urls()
            lines.append(
                f"  WebSocket  {urls['websocket_url']}  ({len(websocket.routes)} routes; "
                f"@connections at {urls['websocket_management_url']})"
            )
        lines += [
            f"  moto       {self.moto.url}  ({len(self.template.tables)} tables)",
            f"  issuer     {self.issuer_url}  (JWKS {JWKS_PATH})",
            f"  stripe     {self.stripe_url}  (local Stripe; keys {LOCAL_STRIPE_KEY}, {LOCAL_PUBLISHABLE_KEY})",
            f"  push       {self.push.url}  (local web push service; `soulseer dev outbox` shows emails and pushes)",
            f"  web app    {self.web_url}  ({self._web_line()}; uploads served at /media/*)",
            f"  s3         {self.s3.url}  (moto's S3 behind POST-policy checks and notifications)",
            f"  billing    {self.state_machines} state machines; a minute lasts {self.env['BILLING_TICK_SECONDS']} s",
            f"  schedules  {self._schedules_line()}",
            f"  queues     {self._queues_line()}",
            f"  state      {state_dir / STATE_FILE}",
            f"  data       {self.persistence.dir}  ({self._data_line()})",
            "  token      soulseer dev token --user user_demo_client",
            "Ctrl-C to stop.",
        ]
        print("\n".join(lines), flush=True)


def _stop_on_signals(loop: asyncio.AbstractEventLoop, stop: asyncio.Event, up: Callable[[], bool]) -> None:
    """SIGINT/SIGTERM: once up, shut down in order, bounded by a deadline; during the boot, or at a
    second signal, exit at once. A Python-level handler (not `loop.add_signal_handler`): it runs even
    while the loop is busy in synchronous boot code."""
    signalled: list[float] = []

    def on_signal(signum: int, _frame: object) -> None:
        if signalled or not up():
            _exit_now(130, "stopped" if signalled else "interrupted during the boot")
        signalled.append(time.monotonic())
        loop.call_soon_threadsafe(stop.set)
        watchdog = threading.Timer(STOP_DEADLINE_SECONDS, _exit_now, (0, "shutdown took too long; exiting"))
        watchdog.daemon = True
        watchdog.start()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, on_signal)


def _exit_now(code: int, why: str) -> None:
    print(f"soulseer dev: {why}", file=sys.stderr, flush=True)
    sys.stdout.flush()
    os._exit(code)


def run_dev(options: DevOptions) -> int:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", datefmt="%H:%M:%S"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    try:
        asyncio.run(LocalCloud(options).serve())
    except (PortInUse, RestoreFailed) as exc:
        print(f"soulseer dev: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C before the signal handlers were in place
        _exit_now(130, "interrupted")
    # Everything is stopped; tearing down the interpreter's heap (moto, stripe, pydantic...) would take
    # seconds more, and handler threads still inside a call are not waited for.
    _exit_now(0, "stopped")
    return 0


def _default(template: Path, parameter: str) -> str:
    return str(load_template_file(template)["Parameters"][parameter]["Default"])
