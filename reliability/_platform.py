"""The training platform for the suites: a seeded server of their own on loopback HTTPS.

Shared by the bad-input, privacy and security suites (issue 7). Nothing here is a test
double: the server is :class:`counter.training.server.TrainingServer` with its generated
CA, and clients trust that CA only, as the counter does.
"""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
from hypothesis import HealthCheck, Verbosity, settings

from counter.training.seed import TRAINING_OUTLET_CODE, TRAINING_PASSWORD
from counter.training.server import TrainingServer

CLERK = "T-CLERKA1"
CLERK_B = "T-CLERKB1"
SUPERVISOR = "T-SUPER01"
COURIER = "T-COURIER1"
GUIDE = "T-GUIDE01"


@contextlib.contextmanager
def platform(directory: Path) -> Iterator[TrainingServer]:
    """A freshly seeded training platform in `directory`, serving until the block ends."""
    server = TrainingServer(directory)
    server.start_in_thread()
    try:
        yield server
    finally:
        server.stop()


def http_client(server: TrainingServer) -> httpx.Client:
    return httpx.Client(base_url=server.base_url, verify=trust_only(server.ca_file), timeout=20)


def trust_only(ca_file: Path) -> ssl.SSLContext:
    """A client TLS context trusting nothing but `ca_file` (as the counter does)."""
    return ssl.create_default_context(cafile=str(ca_file))


def login_body(staff_no: str, device_id: str = "RELIABILITY-PC") -> dict[str, str]:
    return {
        "staff_no": staff_no,
        "password": TRAINING_PASSWORD,
        "outlet_code": TRAINING_OUTLET_CODE,
        "device_id": device_id,
    }


def token(client: httpx.Client, staff_no: str) -> str:
    response = client.post("/v1/sessions", json=login_body(staff_no))
    response.raise_for_status()
    return str(response.json()["access_token"])


def hypothesis_settings(examples: int, *, seed_fixed: bool) -> Callable[[Any], Any]:
    """Settings for a suite's hypothesis run: no example database, no deadline; the short
    (test-suite) runs are derandomized so they are reproducible."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=seed_fixed,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
        verbosity=Verbosity.quiet,  # findings go into the figures; stdout stays JSON
    )


class Tally:
    """Examples run and failures found by one part of a suite (first few kept, shortened)."""

    def __init__(self) -> None:
        self.examples = 0
        self.failures = 0
        self.samples: list[str] = []

    def ok(self) -> None:
        self.examples += 1

    def fail(self, what: str) -> None:
        self.examples += 1
        self.failures += 1
        if len(self.samples) < 8:
            self.samples.append(what[:300])

    def note(self) -> str:
        return "; ".join(self.samples)
