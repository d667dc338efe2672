"""ID cards from a vendor's local reader service, over a real loopback HTTP socket."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from counter.identity import IdentityKind
from counter.readers import ReaderError, ReaderFailure
from drivers.idcard.http import HttpIdCardReader

CARD = {
    "code": 0,
    "cert_type": "",
    "name": "张伟",
    "sex": "男",
    "nation": "汉族",
    "birth": "19850615",
    "address": "浙江省杭州市上城区湖滨街道平海路1号",
    "id_number": "330102198506150315",
    "issuer": "杭州市公安局上城分局",
    "valid_from": "2015.03.01",
    "valid_to": "长期",
    "photo": base64.b64encode(b"BM-photo").decode(),
}


class Service(BaseHTTPRequestHandler):
    answer: ClassVar[dict[str, Any] | bytes] = CARD

    def do_GET(self) -> None:
        body = self.answer if isinstance(self.answer, bytes) else json.dumps(self.answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return None


@pytest.fixture
def service() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Service)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/readcard"
    server.shutdown()
    server.server_close()
    Service.answer = CARD


async def test_reads_the_card_from_the_local_service(service: str) -> None:
    reader = HttpIdCardReader(service)
    try:
        card = await reader.read()
    finally:
        await reader.aclose()
    assert card.kind is IdentityKind.RESIDENT
    assert (card.name, card.ethnicity, card.valid_to) == ("张伟", "汉", None)
    assert card.valid_from == date(2015, 3, 1)
    assert card.photo == b"BM-photo"


@pytest.mark.parametrize(
    ("answer", "failure"),
    [
        ({"code": 1}, ReaderFailure.NO_CARD),
        ({"code": 3}, ReaderFailure.NOT_CONNECTED),
        ({"code": 0, "name": ""}, ReaderFailure.READ_ERROR),
        (b"<html>not json</html>", ReaderFailure.READ_ERROR),
    ],
)
async def test_service_failures(
    service: str, answer: dict[str, Any] | bytes, failure: ReaderFailure
) -> None:
    Service.answer = answer
    reader = HttpIdCardReader(service)
    try:
        with pytest.raises(ReaderError) as caught:
            await reader.read()
    finally:
        await reader.aclose()
    assert caught.value.failure is failure


async def test_service_not_running_is_not_connected(service: str) -> None:
    reader = HttpIdCardReader("http://127.0.0.1:9/readcard")  # discard port: nobody listens
    try:
        with pytest.raises(ReaderError) as caught:
            await reader.read()
    finally:
        await reader.aclose()
    assert caught.value.failure is ReaderFailure.NOT_CONNECTED
    assert "读卡服务未启动" in caught.value.message


def test_only_loopback_services_are_accepted() -> None:
    with pytest.raises(ValueError, match=r"127\.0\.0\.1"):
        HttpIdCardReader("http://192.168.1.20:19196/readcard")
