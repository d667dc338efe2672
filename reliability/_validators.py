"""Hypothesis over every validator and form field type of the counter (suite 4, part 1).

Each check feeds generated input to one validator and accepts only its documented
outcomes: a value, or its own error type with a non-empty message. Any other exception,
or a wrong answer on input whose answer is known (a valid number rejected, a one-digit
change accepted, a mask that still shows the number), is a failure.
"""

from __future__ import annotations

import asyncio
import json
import string
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from counter import identity
from counter.announce import spoken_text
from counter.bureau.models import FieldType, FormField, Role
from counter.catalogue_search import normalize_query
from counter.config import ConfigError, load_config
from counter.forms import FieldCheck, check_field, check_form
from counter.readers import ReaderError
from drivers.idcard.termb import parse_card_date
from drivers.printer.uri import parse_printer_uri
from drivers.sscard.basics import parse_card_basics
from reliability._platform import Tally, hypothesis_settings

TODAY = date(2026, 11, 28)
_PROVINCES = sorted(identity.MAINLAND_PROVINCE_CODES)
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

# Inputs a clerk, a card reader or a config file can produce: any text, and text close to
# the real formats (digits, X, separators, full-width digits, CJK).
any_text = st.text(max_size=60)
near_digits = st.text(alphabet="0123456789Xx -－ \u3000０１２３４５６７８９+()", max_size=24)
form_values = st.one_of(
    st.none(),
    any_text,
    near_digits,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.booleans(),
)


@st.composite
def valid_ids(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(_PROVINCES))
    region = province + draw(st.text(alphabet=string.digits, min_size=4, max_size=4))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    sequence = draw(st.text(alphabet=string.digits, min_size=3, max_size=3))
    first17 = region + born.strftime("%Y%m%d") + sequence
    return first17 + identity.id_check_char(first17)


@st.composite
def valid_usccs(draw: st.DrawFn) -> str:
    head = draw(st.text(alphabet=identity.USCC_CHARS, min_size=2, max_size=2))
    region = draw(st.text(alphabet=string.digits, min_size=6, max_size=6))
    tail = draw(st.text(alphabet=identity.USCC_CHARS, min_size=9, max_size=9))
    first17 = head + region + tail
    return first17 + identity.uscc_check_char(first17)


@st.composite
def valid_mobiles(draw: st.DrawFn) -> tuple[str, str]:
    """(as typed, the 11 digits): prefixes, spaces, dashes and full-width digits."""
    digits = (
        "1"
        + draw(st.sampled_from("3456789"))
        + draw(st.text(alphabet=string.digits, min_size=9, max_size=9))
    )
    typed = digits[:3] + draw(st.sampled_from(["", " ", "-"])) + digits[3:7]
    typed += draw(st.sampled_from(["", " ", "-"])) + digits[7:]
    typed = draw(st.sampled_from(["", "+86", "0086", "+86 "])) + typed
    if draw(st.booleans()):
        typed = typed.translate(_FULLWIDTH)
    return typed, digits


@st.composite
def form_fields(draw: st.DrawFn) -> FormField:
    kind = draw(st.sampled_from(list(FieldType)))
    choices = draw(st.lists(st.text(min_size=1, max_size=8), max_size=4))
    validation = draw(
        st.sampled_from([None, r"^\d+$", r"^.{0,5}$", "[", "(a", r"^1", r"\p{Han}", "a{99999}"])
    )
    return FormField(
        name=draw(st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=8)),
        label=draw(st.text(min_size=1, max_size=10)),
        type=kind,
        required=draw(st.booleans()),
        choices=choices,
        validation=validation,
    )


def _documented(
    tally: Tally, what: str, call: Callable[[], object], *errors: type[Exception]
) -> object:
    """Run `call`; its value, or None after a documented error with a message."""
    try:
        return call()
    except errors as exc:
        message = str(getattr(exc, "message", "") or exc)
        if not message.strip():
            tally.fail(f"{what}: {type(exc).__name__} without a message")
        return None
    except Exception as exc:
        tally.fail(f"{what}: {type(exc).__name__}: {exc}")
        raise _Counted from exc


class _Counted(Exception):
    """A failure already tallied: stop this example, keep the run going."""


def _example(tally: Tally, body: Callable[[], object]) -> None:
    before = tally.failures
    try:
        body()
    except _Counted:
        return
    except Exception as exc:  # a check's own assertion or an unexpected error
        tally.fail(f"{type(exc).__name__}: {exc}")
        return
    if tally.failures == before:
        tally.ok()


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def fuzz_validators(  # noqa: PLR0915 - one hypothesis check per validator, side by side
    examples: int, *, seed_fixed: bool, workdir: Path
) -> Tally:
    tally = Tally()
    cfg = hypothesis_settings(examples, seed_fixed=seed_fixed)
    workdir.mkdir(parents=True, exist_ok=True)
    checks: list[Callable[[], None]] = []

    def add(check: Callable[[], None]) -> None:
        checks.append(cfg(check))

    invalid = identity.InvalidIdentity

    @given(st.one_of(any_text, near_digits))
    def id_any_text(text: str) -> None:
        def body() -> None:
            got = _documented(tally, "parse", lambda: identity.parse(text, today=TODAY), invalid)
            if isinstance(got, identity.Identity):
                _check(identity.parse(got.number, today=TODAY).number == got.number, "not stable")

        _example(tally, body)

    @given(valid_ids(), st.integers(0, 17), st.sampled_from(string.digits + "X"))
    def id_valid_and_one_change(number: str, position: int, char: str) -> None:
        def body() -> None:
            got = identity.parse(number.lower(), today=TODAY)
            _check(got.number == number, f"valid {identity.mask_id(number)} not normalized")
            changed = number[:position] + char + number[position + 1 :]
            if changed != number:
                _documented(tally, "parse", lambda: identity.parse(changed, today=TODAY), invalid)
                try:
                    identity.parse(changed, today=TODAY)
                except invalid:
                    return
                raise AssertionError(f"one-character change at {position + 1} accepted")

        _example(tally, body)

    @given(st.one_of(any_text, st.text(alphabet=identity.USCC_CHARS + " -", max_size=20)))
    def uscc_any(text: str) -> None:
        _example(
            tally,
            lambda: _documented(tally, "parse_uscc", lambda: identity.parse_uscc(text), invalid),
        )

    @given(valid_usccs())
    def uscc_valid(code: str) -> None:
        _example(tally, lambda: _check(identity.parse_uscc(code.lower()) == code, "valid refused"))

    @given(st.one_of(any_text, near_digits))
    def mobile_any(text: str) -> None:
        def body() -> None:
            got = _documented(tally, "parse_mobile", lambda: identity.parse_mobile(text), invalid)
            if got is not None:
                _check(isinstance(got, str) and len(got) == 11 and got.isdigit(), f"gave {got!r}")

        _example(tally, body)

    @given(valid_mobiles())
    def mobile_valid(pair: tuple[str, str]) -> None:
        typed, digits = pair
        _example(tally, lambda: _check(identity.parse_mobile(typed) == digits, f"{typed!r}"))

    @given(st.sampled_from(list(identity.TravelDocumentKind)), st.one_of(any_text, near_digits))
    def travel_documents(kind: identity.TravelDocumentKind, text: str) -> None:
        _example(
            tally,
            lambda: _documented(
                tally,
                f"travel {kind}",
                lambda: identity.validate_passport_like(kind, text),
                invalid,
            ),
        )

    @given(st.one_of(any_text, near_digits))
    def masks_never_fail(text: str) -> None:
        def body() -> None:
            for mask in (
                identity.mask_name,
                identity.mask_id,
                identity.mask_mobile,
                identity.mask_account,
                identity.mask_card_no,
                identity.mask_address,
                identity.scrub,
            ):
                shown = mask(text)
                _check(isinstance(shown, str), f"{mask.__name__} gave {type(shown).__name__}")

        _example(tally, body)

    # Text around the numbers holds no digits: a digit next to a number makes a longer number
    # (a 12-digit run is an order number by design, not a mobile).
    @given(
        valid_ids(), valid_mobiles(), st.text(st.characters(exclude_categories=["Nd"]), max_size=12)
    )
    def masks_hide_numbers(number: str, mobile: tuple[str, str], around: str) -> None:
        def body() -> None:
            shown = identity.mask_id(number)
            _check(shown[:6] == number[:6] and shown[-4:] == number[-4:], "mask_id shape")
            _check(number not in shown, "mask_id shows the number")
            _check(mobile[1] not in identity.mask_mobile(mobile[1]), "mask_mobile shows it")
            line = f"{around}{number} {mobile[1]}{around}"
            scrubbed = identity.scrub(line)
            _check(number not in scrubbed and mobile[1] not in scrubbed, "scrub left a number")

        _example(tally, body)

    @given(form_fields(), form_values)
    def one_field(field: FormField, raw: Any) -> None:
        def body() -> None:
            got = check_field(field, raw, today=TODAY, bank_luhn=True)
            _check(isinstance(got, FieldCheck), "not a FieldCheck")
            _check(got.error is None or bool(got.error.strip()), "empty error message")
            if field.required and got.error is None:
                _check(got.value is not None, "required field passed empty")
            if (
                got.error is None
                and field.type is FieldType.CHOICE
                and field.choices
                and got.value is not None
            ):
                _check(got.value in field.choices, f"choice {got.value!r} not offered")

        _example(tally, body)

    @given(st.lists(form_fields(), max_size=5), st.dictionaries(st.text(max_size=8), form_values))
    def whole_form(fields: list[FormField], raws: dict[str, Any]) -> None:
        def body() -> None:
            got = check_form(fields, raws, today=TODAY)
            _check(set(got.values) == {f.name for f in fields}, "values do not cover fields")

        _example(tally, body)

    config_file = workdir / "counter.toml"
    sections = {
        "outlet": ["code", "window"],
        "bureau": ["base_url", "ca_file", "connect_timeout_s", "heartbeat_s"],
        "printer": ["uri", "paper_mm"],
        "caller": ["kind", "url"],
        "queue": ["prefix", "max_recalls", "escalate_after_minutes"],
        "reader": ["kind", "port"],
        "security": ["idle_lock_minutes"],
        "ui": ["language", "hall_screen"],
    }
    keys = [(s, k) for s, names in sections.items() for k in names] + [("", "data_dir")]
    scalars = st.one_of(
        any_text,
        st.integers(-(10**6), 10**6),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
        st.lists(st.integers(), max_size=2),
    )

    @given(st.lists(st.tuples(st.sampled_from(keys), scalars), max_size=5), st.text(max_size=30))
    def config_files(entries: list[tuple[tuple[str, str], Any]], junk: str) -> None:
        lines = [
            (f"{s}.{k}" if s else k) + " = " + json.dumps(v, ensure_ascii=True)
            for (s, k), v in dict(entries).items()
        ]
        config_file.write_text("\n".join([*lines, junk]), encoding="utf-8")
        _example(
            tally,
            lambda: _documented(
                tally, "config file", lambda: load_config(config_file, {}), ConfigError
            ),
        )

    env_names = st.one_of(
        st.sampled_from(
            [f"COUNTER_{s.upper()}__{k.upper()}" if s else f"COUNTER_{k.upper()}" for s, k in keys]
            + ["COUNTER_OUTLET", "COUNTER_", "COUNTER___", "COUNTER_OUTLET__CODE__X"]
        ),
        st.text(alphabet=string.ascii_uppercase + "_", max_size=12).map(lambda s: "COUNTER_" + s),
    )

    @given(st.dictionaries(env_names, st.text(max_size=20).filter(lambda s: "\x00" not in s)))
    def config_environment(environ: dict[str, str]) -> None:
        environ.pop("COUNTER_CONFIG", None)
        _example(
            tally,
            lambda: _documented(
                tally,
                "config env",
                lambda: load_config(workdir / "absent.toml", environ),
                ConfigError,
            ),
        )

    @given(
        st.one_of(
            any_text,
            st.tuples(
                st.sampled_from(
                    ["network", "usb", "serial", "win32", "file", "dummy", "preview", "x"]
                ),
                st.text(max_size=30),
            ).map(lambda p: f"{p[0]}://{p[1]}"),
        )
    )
    def printer_uris(uri: str) -> None:
        _example(
            tally,
            lambda: _documented(tally, "printer uri", lambda: parse_printer_uri(uri), ValueError),
        )

    @given(
        st.one_of(
            any_text,
            st.lists(st.text(alphabet="0123456789ABCX年月日.-长期 ", max_size=34), max_size=13).map(
                "|".join
            ),
        )
    )
    def reader_answers(text: str) -> None:
        def body() -> None:
            _documented(tally, "card basics", lambda: parse_card_basics(text), ReaderError)
            got = parse_card_date(text)
            _check(got is None or isinstance(got, date), "card date")

        _example(tally, body)

    @given(st.one_of(any_text, st.text(alphabet="shebaoSB0123 卡挂失养老'\"%_\\", max_size=12)))
    def search_box(text: str) -> None:
        def body() -> None:
            _check(isinstance(normalize_query(text), str), "normalize_query")
            _check(isinstance(spoken_text(text + "号"), str), "spoken_text")

        _example(tally, body)

    for check in (
        id_any_text,
        id_valid_and_one_change,
        uscc_any,
        uscc_valid,
        mobile_any,
        mobile_valid,
        travel_documents,
        masks_never_fail,
        masks_hide_numbers,
        one_field,
        whole_form,
        config_files,
        config_environment,
        printer_uris,
        reader_answers,
        search_box,
    ):
        add(check)
    for check in checks:
        check()
    _queue_inputs(tally, examples, seed_fixed=seed_fixed, workdir=workdir)
    return tally


def _queue_inputs(tally: Tally, examples: int, *, seed_fixed: bool, workdir: Path) -> None:
    """Ticket numbers typed at the desk (find, call back) and reasons (cancel, hold, pause)."""
    from counter.audit import MemoryAudit
    from counter.bureau.models import Outlet, Staff
    from counter.queue.service import QueueService
    from counter.queue.settings import QueueError, QueueSettings
    from counter.session import ActiveSession, PermissionDenied
    from counter.storage.db import open_database
    from counter.storage.executor import DbExecutor
    from drivers.printer import open_printer

    db = open_database(workdir / "queue.sqlite3")
    executor = DbExecutor()
    loop = asyncio.new_event_loop()
    printer = open_printer("dummy://", paper_mm=80)
    queue = QueueService(db, executor, MemoryAudit(), printer, settings=QueueSettings())
    staff = Staff(staff_no="C001", name="测试员", roles=[Role.CLERK, Role.GUIDE])
    outlet = Outlet(code="330102001", name="测试网点", category=1)
    session = ActiveSession(staff=staff, outlet=outlet, window=1, expires_at_utc=0.0)
    documented = (QueueError, PermissionDenied)
    try:
        ticket_ids = [loop.run_until_complete(queue.issue(session)).id for _ in range(3)]

        @hypothesis_settings(examples, seed_fixed=seed_fixed)
        @given(
            st.one_of(any_text, st.from_regex(r"[A-Z]{0,3}\d{0,6}", fullmatch=True)),
            st.text(max_size=40),
            st.integers(-5, 200),
        )
        def queue_input(number: str, reason: str, window: int) -> None:
            def body() -> None:
                loop.run_until_complete(queue.find(number))
                ticket = ticket_ids[len(reason) % len(ticket_ids)]

                async def act() -> None:
                    await queue.pause(session, max(window, 1) % 99 + 1, reason)
                    await queue.resume(session, max(window, 1) % 99 + 1)
                    await queue.cancel(session, ticket, reason)

                _documented(tally, "queue", lambda: loop.run_until_complete(act()), *documented)
                _documented(
                    tally,
                    "call back",
                    lambda: loop.run_until_complete(queue.call_back(session, window, ticket)),
                    *documented,
                )

            _example(tally, body)

        queue_input()
    finally:
        loop.close()
        executor.shutdown()
        db.close()
