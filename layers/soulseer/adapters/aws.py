"""AWS clients made from botocore directly: boto3 (and s3transfer with it) would add its import to every
cold start, and botocore is loaded anyway (PynamoDB). Endpoints and credentials come from the environment
(AWS_ENDPOINT_URL included), as for boto3."""

from __future__ import annotations

import threading
from typing import Any

_lock = threading.Lock()
_session: Any = None


def client(service: str, **kwargs: Any) -> Any:
    global _session
    with _lock:  # botocore sessions are not safe to create clients from in parallel
        if _session is None:
            import botocore.session

            _session = botocore.session.get_session()
        return _session.create_client(service, **kwargs)
