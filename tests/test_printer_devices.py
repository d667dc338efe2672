"""Printer transports: URIs, a real TCP socket on loopback, status, files, failures."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter.printing import (
    BigNumber,
    Cut,
    Printer,
    PrintError,
    QrCode,
    Slip,
    Text,
    print_test_slip,
)
from drivers.printer import EscposPrinter, PreviewPrinter, open_printer, parse_printer_uri
from drivers.printer.connections import DummyConnection, NetworkConnection
from drivers.printer.device import UNREADABLE_STATUS
from drivers.printer.escpos_render import render_escpos
from drivers.printer.status import parse_status
from tests.escpos_decoder import decode

OK = {1: b"\x12", 2: b"\x12", 4: b"\x12"}
PAPER_OUT = {1: b"\x1a", 2: b"\x32", 4: b"\x72"}
COVER_OPEN = {1: b"\x1a", 2: b"\x16", 4: b"\x12"}
NEAR_END = {1: b"\x12", 2: b"\x12", 4: b"\x1e"}


class FakeNetworkPrinter:
    """A raw-TCP 'printer' on loopback: records every connection's bytes and answers
    `DLE EOT n` with the configured status byte (or stays silent)."""

    def __init__(self, answers: dict[int, bytes] | None = None, delay: float = 0.0) -> None:
        self.answers = OK if answers is None else answers
        self.delay = delay
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.1)
        self.port: int = self.server.getsockname()[1]
        self.received: list[bytes] = []
        self.finished = threading.Condition()
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def uri(self) -> str:
        return f"network://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while self.running:
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        buffer = bytearray()
        scanned = 0
        with conn:
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                buffer += chunk
                while (at := buffer.find(b"\x10\x04", scanned)) != -1 and at + 2 < len(buffer):
                    answer = self.answers.get(buffer[at + 2])
                    if answer is not None:
                        time.sleep(self.delay)
                        conn.sendall(answer)
                    scanned = at + 3
        with self.finished:
            self.received.append(bytes(buffer))
            self.finished.notify_all()

    def wait(self, connections: int, timeout: float = 5.0) -> list[bytes]:
        with self.finished:
            assert self.finished.wait_for(lambda: len(self.received) >= connections, timeout)
            return list(self.received)

    def close(self) -> None:
        self.running = False
        self.server.close()
        self.thread.join()


@pytest.fixture
def fake_printer() -> Iterator[FakeNetworkPrinter]:
    fake = FakeNetworkPrinter()
    yield fake
    fake.close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def network_printer(fake: FakeNetworkPrinter, paper_mm: int = 58) -> EscposPrinter:
    connection = NetworkConnection("127.0.0.1", fake.port, timeout=2.0)
    return EscposPrinter(connection, paper_mm=paper_mm, status_timeout=0.3)


# -- URIs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("network://192.168.1.50:9100", {"kind": "network", "host": "192.168.1.50", "port": 9100}),
        ("network://printer.branch.local", {"host": "printer.branch.local", "port": 9100}),
        ("network://[::1]:9101", {"host": "::1", "port": 9101}),
        ("usb://0416:5011", {"kind": "usb", "vendor_id": 0x0416, "product_id": 0x5011}),
        ("usb://0x04B8:0x0202", {"vendor_id": 0x04B8, "product_id": 0x0202}),
        ("serial:///dev/ttyUSB0?baudrate=9600", {"device": "/dev/ttyUSB0", "baudrate": 9600}),
        ("serial://COM3?baudrate=115200", {"device": "COM3", "baudrate": 115200}),
        ("serial:///dev/ttyS1", {"device": "/dev/ttyS1", "baudrate": 9600}),
        ("win32://XP-58 (copy 1)", {"kind": "win32", "device": "XP-58 (copy 1)"}),
        ("win32://EPSON%20TM-T88V", {"device": "EPSON TM-T88V"}),
        ("file:///dev/usb/lp0", {"kind": "file", "device": "/dev/usb/lp0"}),
        ("dummy://", {"kind": "dummy"}),
        ("preview:///tmp/previews", {"kind": "preview", "device": "/tmp/previews"}),
    ],
)
def test_valid_uris(uri: str, expected: dict[str, object]) -> None:
    parsed = parse_printer_uri(uri)
    for key, value in expected.items():
        assert getattr(parsed, key) == value


@pytest.mark.parametrize(
    ("uri", "reason"),
    [
        ("192.168.1.50:9100", "缺少“类型://”前缀"),
        ("lpt://1", "不认识的打印机类型"),
        ("network://", "缺少主机名"),
        ("network://host:99999", "端口 99999"),
        ("network://host:abc", "端口不是数字"),
        ("usb://0416", "usb://VID:PID"),
        ("usb://xyz:5011", "十六进制"),
        ("serial://", "缺少串口设备"),
        ("serial:///dev/ttyUSB0?baudrate=1234", "波特率"),
        ("serial:///dev/ttyUSB0?speed=9600", "不认识的参数"),
        ("win32://", "打印机名称"),
        ("file://", "缺少文件路径"),
        ("dummy://x", "dummy://"),
    ],
)
def test_malformed_uris_name_the_uri_and_the_accepted_forms(uri: str, reason: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_printer_uri(uri)
    message = str(info.value)
    assert f"打印机地址“{uri}”无效" in message
    assert reason in message
    assert "network://主机:9100" in message and "usb://VID:PID" in message


@given(st.text(max_size=40))
def test_any_string_parses_or_raises_value_error(uri: str) -> None:
    try:
        parse_printer_uri(uri)
    except ValueError as exc:
        assert "打印机地址" in str(exc)


def test_open_printer_kinds(tmp_path: Path) -> None:
    printers = [
        open_printer("dummy://", paper_mm=58),
        open_printer("network://127.0.0.1:9100", paper_mm=80),
        open_printer("preview://", paper_mm=58, preview_dir=tmp_path),
    ]
    assert isinstance(printers[0], EscposPrinter)
    assert isinstance(printers[2], PreviewPrinter)
    assert printers[2].directory == tmp_path
    for printer in printers:
        printer.close()
    with pytest.raises(ValueError, match="预览目录"):
        open_printer("preview://", paper_mm=58, preview_dir=None)
    with pytest.raises(ValueError, match="纸宽"):
        open_printer("dummy://", paper_mm=76)


# -- a real TCP socket --------------------------------------------------------------


async def test_print_over_tcp_socket(fake_printer: FakeNetworkPrinter) -> None:
    printer: Printer = open_printer(fake_printer.uri, paper_mm=80)
    assert isinstance(printer, EscposPrinter)
    try:
        await printer.print_slip(print_test_slip(training=False))
    finally:
        printer.close()
    (received,) = fake_printer.wait(1)
    decoded = decode(received)
    assert decoded.status_queries == [1, 2, 4]  # asked before printing
    job = received[received.index(b"\x1b@") :]
    assert job == render_escpos(print_test_slip(training=False), 80)
    text = "".join(decoded.text_lines)
    assert "“引号”，逗号。" in text and "￥12.50" in text and "𠮷 䶮" in text
    assert decoded.qrs[0].data.decode() == "社银通打印测试 PRINT-TEST 0123456789"
    assert decoded.cuts and decoded.events[-1] is decoded.cuts[-1]
    assert all(line.columns <= 48 for line in decoded.lines)


@pytest.mark.parametrize(
    ("answers", "flags", "detail"),
    [
        (OK, (True, False, False, False), "打印机正常"),
        (PAPER_OUT, (False, True, False, False), "打印机缺纸"),
        (COVER_OPEN, (False, False, True, False), "打印机上盖未合上"),
        (NEAR_END, (True, False, False, True), "纸卷将用尽"),
    ],
)
async def test_status_over_tcp_socket(
    answers: dict[int, bytes], flags: tuple[bool, bool, bool, bool], detail: str
) -> None:
    fake = FakeNetworkPrinter(answers)
    printer = network_printer(fake)
    try:
        status = await printer.status()
    finally:
        printer.close()
        fake.close()
    assert status.known
    assert (status.online, status.paper_out, status.cover_open, status.paper_near_end) == flags
    assert detail in status.detail


async def test_paper_out_refuses_the_job_before_sending_it() -> None:
    fake = FakeNetworkPrinter(PAPER_OUT)
    printer = network_printer(fake)
    try:
        with pytest.raises(PrintError) as info:
            await printer.print_slip(Slip([BigNumber("A001"), Cut()]))
    finally:
        printer.close()
    (received,) = fake.wait(1)
    fake.close()
    assert info.value.message.startswith("打印机缺纸")
    assert b"\x1b@" not in received  # nothing but the status queries went out
    assert printer.last_job is None


async def test_silent_printer_is_printed_to_and_not_asked_again() -> None:
    fake = FakeNetworkPrinter(answers={})
    printer = network_printer(fake)
    try:
        status = await printer.status()
        assert not status.known and "没有应答" in status.detail
        await printer.print_slip(Slip([Text("一"), Cut()]))
        await printer.print_slip(Slip([Text("二"), Cut()]))
    finally:
        printer.close()
    received = fake.wait(3)
    fake.close()
    jobs = [decode(r) for r in received[1:]]
    assert [j.text_lines[0] for j in jobs] == ["一", "二"]
    assert jobs[1].status_queries == []  # learned that it never answers


async def test_connection_refused_is_a_print_error() -> None:
    port = closed_port()
    printer = open_printer(f"network://127.0.0.1:{port}", paper_mm=58)
    try:
        with pytest.raises(PrintError) as info:
            await printer.print_slip(Slip([Text("x")]))
        status = await printer.status()
    finally:
        printer.close()
    assert (
        info.value.message
        == f"打印机未连接：网络打印机 127.0.0.1:{port}（连接被拒绝，请检查打印机电源和网线）"
    )
    assert status.known and not status.online and "打印机未连接" in status.detail


async def test_printing_never_blocks_the_event_loop() -> None:
    fake = FakeNetworkPrinter(delay=0.4)  # a slow printer: 3 x 0.4 s before the job goes
    connection = NetworkConnection("127.0.0.1", fake.port, timeout=2.0)
    printer = EscposPrinter(connection, paper_mm=58, status_timeout=1.0)
    gaps: list[float] = []

    async def ticker() -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    tick = asyncio.create_task(ticker())
    try:
        started = time.perf_counter()
        await printer.print_slip(print_test_slip(training=False))
        elapsed = time.perf_counter() - started
    finally:
        tick.cancel()
        printer.close()
        fake.close()
    assert elapsed >= 1.0
    # The loop kept ticking while the printer thread waited (no timing bound asserted).
    assert len(gaps) >= 20


async def test_jobs_for_one_printer_do_not_interleave(fake_printer: FakeNetworkPrinter) -> None:
    printer = network_printer(fake_printer)
    slips = [Slip([Text(f"第{n}张"), QrCode(f"ticket-{n}"), Cut()]) for n in range(5)]
    try:
        await asyncio.gather(*(printer.print_slip(s) for s in slips))
    finally:
        printer.close()
    received = fake_printer.wait(5)
    texts = sorted(decode(r).text_lines[0] for r in received)
    assert texts == sorted(f"第{n}张" for n in range(5))


def test_status_parsing_needs_the_fixed_bits() -> None:
    assert not parse_status({}).known
    status = parse_status({1: 0x12})
    assert status.known and status.online and status.detail == "打印机正常"


# -- file, dummy, and links python-escpos cannot drive here ---------------------------


async def test_file_uri_writes_the_job(tmp_path: Path) -> None:
    target = tmp_path / "job.bin"
    printer = open_printer(f"file://{target}", paper_mm=58)
    slip = print_test_slip(training=True)
    try:
        await printer.print_slip(slip)
        status = await printer.status()
    finally:
        printer.close()
    assert target.read_bytes() == render_escpos(slip, 58)
    assert not status.known and status.detail == UNREADABLE_STATUS


async def test_file_uri_to_a_missing_directory(tmp_path: Path) -> None:
    printer = open_printer(f"file://{tmp_path}/no/such/dir/job.bin", paper_mm=58)
    try:
        with pytest.raises(PrintError, match=r"^打印机未连接：文件 .*（设备或路径不存在）$"):
            await printer.print_slip(Slip([Text("x")]))
    finally:
        printer.close()


async def test_dummy_keeps_the_bytes() -> None:
    printer = open_printer("dummy://", paper_mm=80)
    assert isinstance(printer, EscposPrinter)
    slip = Slip([Text("内存")])
    try:
        await printer.print_slip(slip)
        await printer.print_slip(slip)
        status = await printer.status()
    finally:
        printer.close()
    connection = printer.connection
    assert isinstance(connection, DummyConnection)
    assert connection.output == render_escpos(slip, 80) * 2
    assert printer.last_job == render_escpos(slip, 80)
    assert status.detail == "此连接方式无法读取打印机状态" and not status.known


@pytest.mark.parametrize(
    ("uri", "needs"),
    [
        ("usb://0416:5011", "pyusb"),
        ("serial:///dev/ttyUSB0?baudrate=9600", "pyserial"),
        ("win32://XP-58", "pywin32"),
    ],
)
async def test_missing_transport_libraries_are_print_errors(uri: str, needs: str) -> None:
    pytest.importorskip("escpos.printer")
    module = {"pyusb": "usb", "pyserial": "serial", "pywin32": "win32print"}[needs]
    try:
        __import__(module)
    except ImportError:
        pass
    else:
        pytest.skip(f"{module} is installed here")
    printer = open_printer(uri, paper_mm=58)
    try:
        with pytest.raises(PrintError, match=f"^打印机未连接：.*{needs}"):
            await printer.print_slip(Slip([Text("x")]))
        status = await printer.status()
    finally:
        printer.close()
    if uri.startswith("win32"):
        assert not status.known and status.detail == UNREADABLE_STATUS
    else:
        assert not status.online and needs in status.detail


async def test_unprintable_slip_is_a_print_error() -> None:
    printer = open_printer("dummy://", paper_mm=58)
    try:
        with pytest.raises(PrintError, match="票据内容无法打印：二维码内容过长"):
            await printer.print_slip(Slip([QrCode("x" * 5000)]))
    finally:
        printer.close()
