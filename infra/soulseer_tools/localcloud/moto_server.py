"""moto in server mode, in this process: started, configured, and given the template's tables."""

from __future__ import annotations

import json
import logging
import os
import urllib.request
from collections.abc import Iterable, Mapping

from soulseer_tools.localcloud.intrinsics import REGION
from soulseer_tools.localcloud.model import Table

# Step Functions only execute with this; their Lambda tasks must not try Docker.
MOTO_CONFIG = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}


class MotoServer:
    def __init__(self, host: str, port: int) -> None:
        from moto.server import ThreadedMotoServer

        self.url = f"http://{host}:{port}"
        self.port = port
        self._server = ThreadedMotoServer(ip_address=host, port=port, verbose=False)
        self._started = False

    def start(self) -> None:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per AWS call is too chatty
        os.environ["MOTO_PORT"] = str(self.port)
        self._server.start()
        self._started = True
        self.configure(MOTO_CONFIG)

    def configure(self, config: Mapping[str, object]) -> None:
        request = urllib.request.Request(
            f"{self.url}/moto-api/config",
            data=json.dumps(config).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()

    def create_tables(self, tables: Iterable[Table]) -> None:
        import boto3

        client = boto3.client(
            "dynamodb",
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        for table in tables:
            client.create_table(**table.create_kwargs)

    def stop(self) -> None:
        if self._started:
            self._server.stop()
            self._started = False
