"""The role matrix (suite 6): every role × every public action of every core service.

`ROLE_TABLE` classifies each public method of each service the composition root builds:
either the roles that may call it (any of them), or `Open(reason)` when it needs no role
(authentication itself, public catalogue data, internal plumbing, masked read-outs). A
method missing from the table is a failure: a new action cannot slip in without someone
deciding who may do it.

For every restricted action and every role outside its set, the action is called with a
session holding only that role (as `sessions.current`, and as the `session` / `by`
argument) and poisoned arguments that raise when touched. The only acceptable outcome is
`PermissionDenied`; touching an argument first, succeeding, or any other error means the
role is not checked before the action does anything.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from counter.bureau.models import Outlet, Role, Staff
from counter.session import ActiveSession, PermissionDenied


@dataclass(frozen=True)
class Open:
    """No role needed, and why."""

    reason: str


ANY = frozenset(Role)
CLERK = frozenset({Role.CLERK})
DESK = frozenset({Role.GUIDE, Role.CLERK})  # the desk that issues tickets
SUPERVISOR = frozenset({Role.SUPERVISOR})
COURIER = frozenset({Role.COURIER})
COVER = frozenset({Role.CLERK, Role.SUPERVISOR})  # A/B post cover: the clerks or the manager

AUTH = Open("authentication itself: who is at the keyboard")
CATALOGUE = Open("the public catalogue (the 11 published elements), no personal data")
QUEUE_READ = Open("the queue as the hall display shows it: numbers and masked names only")
PLUMBING = Open("internal plumbing called by services after their own role check")
BACKGROUND = Open("background work of the PC (uploads, housekeeping), not a staff action")
DAY_STATE = Open("whether a day is closed: every workspace refuses edits to a closed day")
REPORT = Open(
    "masked figures only; the headless `counter report` command reads it without a session"
)
RECONCILE = Open(
    "called by day close after its supervisor check; the platform checks the token's role"
)

ROLE_TABLE: dict[str, dict[str, frozenset[Role] | Open]] = {
    "SessionService": {
        name: AUTH
        for name in ("heartbeat_once", "login", "logout", "run_heartbeat", "verify_password")
    },
    "IdleLock": {name: AUTH for name in ("check", "idle_for", "lock", "reset", "touch", "unlock")},
    "CatalogueService": {
        name: CATALOGUE
        for name in (
            "item",
            "load_cached",
            "load_usage",
            "record_use",
            "run_periodic",
            "search_index",
            "set_outlet",
            "sync",
            "today",
            "usable_items",
        )
    },
    "PersonService": {"lookup": CLERK},
    "QueueService": {
        **{n: DESK for n in ("issue", "reprint", "cancel", "requeue_late")},
        **{
            n: CLERK
            for n in (
                "call_back",
                "call_next",
                "call_specific",
                "complete",
                "hold",
                "no_show",
                "pause",
                "recall",
                "resume",
                "start",
                "transfer",
            )
        },
        "close_day": SUPERVISOR,
        **{
            n: QUEUE_READ
            for n in (
                "active",
                "current",
                "day_stats",
                "day_tickets",
                "estimate_for",
                "find",
                "held",
                "not_printed",
                "paused_windows",
                "recent_calls",
                "ticket",
                "waiting",
                "waiting_with_estimates",
            )
        },
    },
    "Outbox": {
        "dismiss": SUPERVISOR,
        "requeue": SUPERVISOR,
        **{
            n: PLUMBING
            for n in (
                "added",
                "changed",
                "enqueue",
                "get",
                "messages",
                "outbox_size",
                "recover",
                "refresh",
                "set_paused",
                "start",
                "wait_settled",
            )
        },
    },
    "OutboxSender": {n: BACKGROUND for n in ("drain", "run", "wake")},
    "CaseService": {
        **{n: CLERK for n in ("case", "new_draft", "request_review", "submit", "todays_cases")},
        **{n: COVER for n in ("record_cover", "end_cover")},
        "covers": Open("the A/B cover record: staff numbers only, no citizen data"),
    },
    "EvaluationService": {"evaluate": CLERK},
    "TransportService": {"hand_over": COURIER, "batches": COURIER | SUPERVISOR | CLERK},
    "IdentifyService": {
        n: CLERK
        for n in ("enter_manually", "read_id_card", "read_social_card", "unmask", "verify_ecard")
    },
    "JournalUploader": {
        n: BACKGROUND for n in ("mark_delivered", "pending_keys", "run", "status", "upload_pending")
    },
    "ReportService": {n: REPORT for n in ("day", "performance", "today", "write")},
    "Reconciler": {"reconcile": RECONCILE},
    "DayCloseService": {
        **{
            n: SUPERVISOR
            for n in (
                "checklist",
                "close",
                "close_open_tickets",
                "explain",
                "late_correction",
                "reprint_slip",
            )
        },
        **{n: DAY_STATE for n in ("closed", "closes", "ensure_open", "today")},
    },
    "FollowUpService": {
        n: SUPERVISOR
        for n in (
            "complete_ledger",
            "get",
            "items",
            "overdue",
            "record_callback",
            "record_feedback",
            "record_outcome",
            "record_rerating",
        )
    }
    | {"sync": BACKGROUND},
    "FeedbackService": {n: SUPERVISOR for n in ("add", "contact", "entries", "overdue", "reply")},
    "RosterService": {
        n: SUPERVISOR
        for n in (
            "assign",
            "current",
            "handover",
            "handovers",
            "history",
            "leave",
            "record_training",
            # training assessments (issue 10): results are the supervisor's
            "assessed_on",
            "record_assessment",
            "training_history",
        )
    },
    "RetentionService": {"purge": BACKGROUND},
}


class Touched(Exception):
    """A poisoned argument was used: the action did something before checking the role."""


class Poison:
    """An argument that raises `Touched` on any use."""

    def __init__(self, name: str) -> None:
        object.__setattr__(self, "_name", name)

    def _touch(self, *_: object, **__: object) -> Any:
        raise Touched(object.__getattribute__(self, "_name"))

    def __getattr__(self, name: str) -> Any:
        raise Touched(f"{object.__getattribute__(self, '_name')}.{name}")

    __call__ = __iter__ = __len__ = __bool__ = __str__ = __int__ = __index__ = _touch
    __eq__ = __lt__ = __hash__ = __format__ = __float__ = __contains__ = _touch


def _identification(session: ActiveSession) -> dict[str, Any]:
    from datetime import UTC, datetime

    from counter.identify import Identification, IdentifyMethod
    from counter.identity import parse

    person = parse("11010519491231002X")  # GB 11643 sample number
    return {
        "identification": Identification(
            IdentifyMethod.ID_CARD, person, session.staff.staff_no, datetime.now(UTC)
        ),
        "case_active": True,
    }


# Actions that, by design, read an argument before refusing: they journal the refused
# attempt with what it was about (unmask: the masked number). They get real arguments.
REAL_ARGUMENTS = {("IdentifyService", "unmask"): _identification}


def session_with(role: Role) -> ActiveSession:
    staff = Staff(staff_no=f"R-{role.value.upper()}", name="角色测试", roles=[role])
    outlet = Outlet(code="330102001", name="测试网点", category=1)
    return ActiveSession(staff=staff, outlet=outlet, window=3, expires_at_utc=0.0)


def public_actions(service: object) -> Iterator[str]:
    for name, member in inspect.getmembers(type(service)):
        if name.startswith("_"):
            continue
        if inspect.isfunction(member) or isinstance(member, staticmethod):
            yield name


@dataclass
class MatrixResult:
    actions: int = 0
    restricted: int = 0
    cells: int = 0  # role × restricted action, called and refused
    unclassified: list[str] | None = None
    failures: list[str] | None = None


def check_matrix(services: Mapping[str, object], sessions: Any) -> MatrixResult:
    """Run the matrix over `services` (class name → instance); `sessions` is the
    SessionService they share (its `current` is replaced during each call)."""
    result = MatrixResult(unclassified=[], failures=[])
    assert result.unclassified is not None and result.failures is not None
    saved = sessions.current
    loop = asyncio.new_event_loop()
    try:
        for class_name, service in services.items():
            table = ROLE_TABLE.get(class_name, {})
            for action in public_actions(service):
                result.actions += 1
                rule = table.get(action)
                if rule is None:
                    result.unclassified.append(f"{class_name}.{action}")
                    continue
                if isinstance(rule, Open):
                    continue
                result.restricted += 1
                for role in Role:
                    if role in rule:
                        continue
                    result.cells += 1
                    problem = _call_as(loop, sessions, service, action, role)
                    if problem is not None:
                        result.failures.append(f"{class_name}.{action} as {role.value}: {problem}")
    finally:
        sessions.current = saved
        loop.close()
    return result


def _call_as(
    loop: asyncio.AbstractEventLoop, sessions: Any, service: object, action: str, role: Role
) -> str | None:
    session = session_with(role)
    sessions.current = session
    method = getattr(service, action)
    real = REAL_ARGUMENTS.get((type(service).__name__, action))
    args: dict[str, Any] = real(session) if real is not None else {}
    for name, parameter in inspect.signature(method).parameters.items():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        if name in ("session", "by"):
            args[name] = session
        elif parameter.default is parameter.empty and name not in args:
            args[name] = Poison(name)
    try:
        outcome = method(**args)
        if inspect.isawaitable(outcome):
            loop.run_until_complete(_awaited(outcome))
    except PermissionDenied:
        return None
    except Touched as touched:
        return f"used {touched} before checking the role"
    except Exception as exc:
        return f"{type(exc).__name__}: {str(exc)[:100]} (no role check)"
    return "allowed"


async def _awaited(awaitable: Any) -> Any:
    return await awaitable
