"""参保证明 (SB04017 / SB04018): the content model, the A4 PDF and its journal entries."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from counter.audit import MemoryAudit
from counter.bureau.models import Outlet, PersonSummary
from counter.certificates import (
    FULL_ID_REASON,
    Certificate,
    CertificateError,
    build_certificate,
)
from counter.training.server import TrainingServer
from tests.test_cases_support import EMPLOYEE, PRINT_ITEM, open_desk
from ui.asyncop import AsyncRunner
from ui.documents import CertificateOutput, certificate_html, suggested_file_name
from ui.qt import QApplication, qasync

OUTLET = Outlet(
    code="ZJ330102001",
    name="中国工商银行杭州湖滨支行社保业务代办点",
    category=1,
    seal_no="浙人社银(330102)001号",
)
AT = datetime(2026, 3, 2, 1, 35, tzinfo=UTC)
FORM = {
    "document": "个人参保证明",
    "period_from": "2025-01",
    "period_to": "2026-02",
    "purpose": "购房",
    "copies": "2",
}


def summary() -> PersonSummary:
    return PersonSummary.model_validate(
        {
            "id_number": EMPLOYEE.id_number,
            "masked_name": "张*",
            "sex": "男",
            "birth_date": "1985-06-15",
            "insurances": [
                {"scheme": "企业职工基本养老保险", "status": "参保缴费", "since": "2007-07-01"},
                {"scheme": "失业保险", "status": "暂停缴费", "since": None},
            ],
            "card_status": "正常",
        }
    )


def certificate(**form: str) -> Certificate:
    return build_certificate(
        summary(),
        item_code=PRINT_ITEM,
        form={**FORM, **form},
        outlet=OUTLET,
        clerk_staff_no="T-CLERKA1",
        training=True,
        issued_at=AT,
    )


def test_the_certificate_carries_the_full_number_and_the_journal_only_the_masked() -> None:
    cert = certificate()
    assert cert.title == "社会保险个人参保证明" and cert.copies == 2
    assert cert.id_number == EMPLOYEE.id_number  # the law's exception (FULL_ID_REASON)
    assert "完整打印" in FULL_ID_REASON
    assert EMPLOYEE.id_number in cert.statement
    assert cert.period_text == "2025年01月至2026年02月"
    assert [r.paying for r in cert.rows] == [True, False]
    details = cert.journal_details()
    assert details["person"] == cert.id_masked and details["full_id"] is True
    assert EMPLOYEE.id_number not in str(details)
    assert cert.issued_at.hour == 9  # Asia/Shanghai


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"period_from": "2026-03", "period_to": "2025-01"}, "起始年月不能晚于"),
        ({"period_to": "2026-13"}, "月份不正确"),
        ({"period_to": "去年"}, "年月格式不正确"),
        ({"copies": "9"}, "打印份数"),
        ({"document": "存款证明"}, "不支持的打印内容"),
    ],
)
def test_bad_form_values_are_refused_in_chinese(form: dict[str, str], message: str) -> None:
    with pytest.raises(CertificateError, match=message):
        certificate(**form)


def test_other_items_print_no_certificate_and_sb04018_is_the_payment_statement() -> None:
    with pytest.raises(CertificateError, match="不打印参保证明"):
        build_certificate(
            summary(),
            item_code="SB08046",
            form={},
            outlet=OUTLET,
            clerk_staff_no="T",
            training=False,
        )
    cert = build_certificate(
        summary(), item_code="SB04018", form={}, outlet=OUTLET, clerk_staff_no="T", training=False
    )
    assert cert.kind == "个人缴费明细" and cert.copies == 1
    assert cert.period_text.startswith("截至")


@pytest.fixture
def loop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    event_loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(event_loop)
    yield event_loop
    event_loop.close()
    asyncio.set_event_loop(None)


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        return ""
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def test_an_accepted_print_case_becomes_an_a4_pdf_and_is_journaled(
    loop: asyncio.AbstractEventLoop, training_server: TrainingServer, tmp_path: Path
) -> None:
    """End to end: look the citizen up, accept SB04017, export the certificate as PDF."""

    async def scenario() -> None:
        desk = open_desk(training_server, tmp_path / "counter.sqlite3")
        try:
            await desk.login("T-CLERKA1")
            session = desk.sessions.current
            assert session is not None
            person = await desk.client.person(EMPLOYEE.id_number, "打印参保证明")
            outcome = await desk.cases.submit(desk.draft(PRINT_ITEM, form=FORM))
            await desk.sender.drain(timeout=20)
            case = await desk.cases.case(outcome.case_id)
            assert case is not None and case.business_no
            cert = build_certificate(
                person,
                item_code=PRINT_ITEM,
                form=FORM,
                outlet=session.outlet,
                clerk_staff_no=session.staff.staff_no,
                training=True,
                case=case,
            )
            assert cert.verify_code == case.business_no and cert.verify_url
            assert EMPLOYEE.id_number not in suggested_file_name(cert)
            audit = MemoryAudit()
            output = CertificateOutput(audit, AsyncRunner())
            path = output.export_pdf(cert, session, tmp_path / "out" / suggested_file_name(cert))
            await asyncio.sleep(0.05)  # the journal write runs as a task
            assert path.read_bytes()[:5] == b"%PDF-" and path.stat().st_size > 10_000
            text = pdf_text(path).replace(" ", "")
            if text:
                for expected in (
                    "社会保险个人参保证明",
                    f"公民身份号码：{EMPLOYEE.id_number}",
                    person.masked_name,
                    "企业职工基本养老保险",
                    f"验证码：{case.business_no}",
                    f"业务专用章编号：{session.outlet.seal_no or '—'}",
                    "培训模式TRAINING",
                    "共2份",
                ):
                    assert expected.replace(" ", "") in text, expected
            [entry] = audit.entries
            assert entry["action"] == "print" and entry["object"] == case.business_no
            details = entry["details"]
            assert isinstance(details, dict)
            assert details["slip"] == "certificate_a4" and details["full_id"] is True
            assert details["output"] == "pdf"
            assert EMPLOYEE.id_number not in str(audit.entries)
        finally:
            await desk.close()

    loop.run_until_complete(scenario())


def test_the_html_escapes_and_marks_training() -> None:
    cert = build_certificate(
        summary(),
        item_code=PRINT_ITEM,
        form={**FORM, "purpose": "<b>其他</b>"},
        outlet=OUTLET.model_copy(update={"name": "A&B 网点"}),
        clerk_staff_no="T-1",
        training=True,
    )
    text = certificate_html(cert)
    assert "&lt;b&gt;其他&lt;/b&gt;" in text and "A&amp;B 网点" in text
    assert text.count("培训模式 TRAINING") == 2
    assert "培训模式" not in certificate_html(
        build_certificate(
            summary(),
            item_code=PRINT_ITEM,
            form=FORM,
            outlet=OUTLET,
            clerk_staff_no="T",
            training=False,
        )
    )
