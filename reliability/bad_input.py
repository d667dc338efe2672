"""Suite 4, bad input: every validator and form field type, the platform API, bad payloads.

Three parts, each counted in examples run and failures found (target: 0 failures):

* **Validators** (`reliability._validators`): hypothesis over the identity parsers and
  masks, every form field type, the config file and its environment overrides, printer
  URIs, reader answers, the catalogue search box, queue ticket numbers and reasons. Each
  may answer or raise its documented error; nothing else.
* **Platform API**: schemathesis (v4) generates valid and invalid requests for every
  operation of the training platform's OpenAPI and sends them to a real server on
  loopback HTTPS, logged in with seeded training accounts. No answer may be a 5xx and every
  answer must match the schema.
* **Bad platform payloads** (`reliability._payloads`): the real `BureauClient` and the
  services behind it receive schema-generated bodies, truncations, wrong types, dropped
  keys, garbage and unexpected status codes. The client raises its documented
  `BureauError`, the services keep their previous data (catalogue, session, person
  cache), nothing crashes.
"""

from __future__ import annotations

import time
from pathlib import Path

from reliability._api_fuzz import fuzz_api
from reliability._payloads import fuzz_payloads
from reliability._platform import Tally, platform
from reliability._validators import fuzz_validators
from reliability.common import SuiteResult

METHOD = __doc__.split("\n\n", 1)[1] if __doc__ else ""


def run(*, full: bool, workdir: str) -> SuiteResult:
    result = SuiteResult("bad_input", "4. Bad input", METHOD)
    root = Path(workdir)
    examples = 400 if full else 12
    api_examples = 60 if full else 4
    payload_examples = 300 if full else 10

    started = time.perf_counter()
    validators: Tally = fuzz_validators(examples, seed_fixed=not full, workdir=root / "config")
    _add(result, "validators and form fields", validators, started)

    with platform(root / "platform") as server:
        started = time.perf_counter()
        api = fuzz_api(server, api_examples, seed_fixed=not full)
        _add(result, "platform API (schemathesis)", api, started)

        started = time.perf_counter()
        payloads = fuzz_payloads(server, root / "client", payload_examples, seed_fixed=not full)
        _add(result, "malformed payloads → client", payloads, started)
    return result


def _add(result: SuiteResult, part: str, tally: Tally, started: float) -> None:
    seconds = time.perf_counter() - started
    result.add(
        f"{part}: examples run",
        tally.examples,
        "> 0",
        tally.examples > 0,
        f"{seconds:.0f} s",
    )
    result.add(f"{part}: failures", tally.failures, "0", tally.failures == 0, tally.note())
