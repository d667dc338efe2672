"""schemathesis against the training platform's OpenAPI on loopback HTTPS (suite 4, part 2).

Every operation gets generated requests in both modes (valid per the schema, and
invalid), sent with the bearer token of a seeded account holding the role the operation
needs. Checks: not a server error, and the answer matches the response schema. Logging
out (`DELETE /v1/sessions/current`) and fault injection (`/v1/training/faults`, whose
whole point is to answer 503 on demand) are followed by a new login and a fault reset,
so later requests meet a healthy platform.
"""

from __future__ import annotations

from typing import Any

import httpx
import schemathesis
from hypothesis import given
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from counter.training.openapi import openapi_document
from counter.training.server import TrainingServer
from reliability._platform import (
    CLERK,
    COURIER,
    SUPERVISOR,
    Tally,
    http_client,
    hypothesis_settings,
    token,
)

# Operations outside the clerk's role: who may call them on the platform.
_ROLE_OF_PATH = {
    "/v1/day-closes": SUPERVISOR,
    "/v1/feedback": SUPERVISOR,
    "/v1/staff-filings": SUPERVISOR,
    "/v1/training/catalogue-change": SUPERVISOR,
    "/v1/training/faults": SUPERVISOR,
    "/v1/transport-batches": COURIER,
}
_CHECKS = [not_a_server_error, response_schema_conformance]


def fuzz_api(server: TrainingServer, examples: int, *, seed_fixed: bool) -> Tally:
    tally = Tally()
    schema = schemathesis.openapi.from_dict(openapi_document())
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    # Logging out last: it ends the session the other operations use.
    operations.sort(key=lambda op: op.path == "/v1/sessions/current" and op.method == "delete")
    with http_client(server) as admin:
        tokens: dict[str, str] = {}

        def bearer(staff_no: str) -> dict[str, str]:
            if staff_no not in tokens:
                tokens[staff_no] = token(admin, staff_no)
            return {"Authorization": f"Bearer {tokens[staff_no]}"}

        verify = str(server.ca_file)  # schemathesis sends with requests: a CA file path
        for operation in operations:
            staff_no = _ROLE_OF_PATH.get(operation.path, CLERK)
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                _fuzz_operation(
                    operation,
                    mode,
                    tally,
                    examples,
                    seed_fixed=seed_fixed,
                    call=lambda case, staff_no=staff_no: case.call(
                        base_url=server.base_url,
                        headers=bearer(staff_no),
                        verify=verify,
                        timeout=20,
                    ),
                    after=lambda op=operation, staff_no=staff_no: _restore(
                        op, admin, tokens, staff_no
                    ),
                )
    return tally


def _fuzz_operation(
    operation: Any,
    mode: GenerationMode,
    tally: Tally,
    examples: int,
    *,
    seed_fixed: bool,
    call: Any,
    after: Any,
) -> None:
    @hypothesis_settings(examples, seed_fixed=seed_fixed)
    @given(case=operation.as_strategy(generation_mode=mode))
    def one(case: Any) -> None:
        try:
            response = call(case)
        except Exception as exc:  # the server dropped the connection: a failure too
            tally.fail(f"{operation.label} [{mode.value}]: no answer: {type(exc).__name__}")
            return
        try:
            case.validate_response(response, checks=_CHECKS)
        except Exception as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            tally.fail(f"{operation.label} [{mode.value}] → {response.status_code}: {first}")
        else:
            tally.ok()
        finally:
            after()

    try:
        one()
    except Unsatisfiable:
        return  # no invalid request exists (an operation without inputs)
    except Exception as exc:  # a schema schemathesis cannot generate for
        tally.fail(f"{operation.label} [{mode.value}]: generation: {type(exc).__name__}: {exc}")


def _restore(operation: Any, admin: httpx.Client, tokens: dict[str, str], staff_no: str) -> None:
    if operation.path == "/v1/sessions/current" and operation.method == "delete":
        tokens.pop(staff_no, None)
    if operation.path == "/v1/training/faults" and operation.method == "post":
        supervisor = tokens.get(SUPERVISOR) or token(admin, SUPERVISOR)
        tokens[SUPERVISOR] = supervisor
        admin.delete("/v1/training/faults", headers={"Authorization": f"Bearer {supervisor}"})
