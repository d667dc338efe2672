"""The 参保证明 / 个人权益记录 on A4: HTML laid out by QTextDocument, printed or saved as PDF.

Content comes from :class:`counter.certificates.Certificate`. It is the one document that
prints the full 公民身份号码 (the citizen's own certificate; see counter/certificates.py);
every print and export is journaled (``print``, ``slip = certificate_a4``, masked number,
``full_id = True``). Dialogs open with ``open()``, never ``exec()``.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from counter.audit import AuditLog
from counter.certificates import Certificate
from counter.journal import Action
from counter.session import ActiveSession
from ui.asyncop import AsyncRunner
from ui.catalogue.documents import FONT_FAMILIES, make_document, setup_a4, write_pdf
from ui.qt import (
    QCoreApplication,
    QDialog,
    QFileDialog,
    QObject,
    QPrintDialog,
    QPrinter,
    QStandardPaths,
    QTextDocument,
    QWidget,
    Signal,
)

_STYLE = f"""
body {{ font-family: {FONT_FAMILIES}; font-size: 11pt; color: #111; }}
h1 {{ font-size: 20pt; text-align: center; margin: 6pt 0 2pt 0; }}
.sub {{ color: #333; font-size: 10pt; text-align: center; }}
.training {{ color: #b42318; font-weight: bold; font-size: 11pt; text-align: center; }}
.statement {{ font-size: 12pt; line-height: 160%; margin: 10pt 0 8pt 0; }}
th {{ background-color: #eef2f6; font-weight: bold; }}
td.label {{ background-color: #f6f8fa; font-weight: bold; }}
.note {{ color: #333; font-size: 9.5pt; }}
.sign {{ font-size: 11pt; }}
"""


def _t(text: str) -> str:
    return QCoreApplication.translate("CertificateDocument", text)


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _banner(cert: Certificate) -> str:
    if not cert.training:
        return ""
    text = _t("培训模式 TRAINING · 样本 · 非正式证明，不具证明效力")
    return f'<p class="training">{_e(text)}</p>'


def certificate_html(cert: Certificate) -> str:
    """The certificate as HTML (QTextDocument's subset)."""
    person = [
        (_t("姓名"), cert.name),
        (_t("性别"), cert.sex),
        (_t("出生日期"), f"{cert.birth_date:%Y年%m月%d日}" if cert.birth_date else "—"),
        (_t("公民身份号码"), cert.id_number),
        (_t("社会保障卡状态"), cert.card_status or "—"),
        (_t("证明期间"), cert.period_text),
    ]
    if cert.purpose:
        person.append((_t("用途"), cert.purpose))
    person_rows = "".join(
        f'<tr><td class="label" width="26%">{_e(label)}</td><td>{_e(value)}</td></tr>'
        for label, value in person
    )
    heads = (_t("序号"), _t("险种"), _t("参保状态"), _t("参保起始年月"), _t("当前缴费"))
    header = "".join(f"<th>{_e(h)}</th>" for h in heads)
    rows = []
    for n, row in enumerate(cert.rows, start=1):
        since = f"{row.since:%Y年%m月}" if row.since else "—"
        paying = _t("正常缴费") if row.paying else _t("否")
        rows.append(
            f'<tr><td align="center">{n}</td><td>{_e(row.scheme)}</td>'
            f'<td align="center">{_e(row.status)}</td><td align="center">{_e(since)}</td>'
            f'<td align="center">{_e(paying)}</td></tr>'
        )
    if not rows:
        rows.append(f'<tr><td colspan="5" align="center">{_e(_t("无参保记录"))}</td></tr>')
    notes = [
        _t("本证明所列信息以人力资源社会保障部门业务系统记录为准。"),
        _t("本证明加盖业务专用章后有效；可扫描二维码或凭验证码核验真伪。"),
        _t("证明中的公民身份号码按规定完整打印，请参保人妥善保管，防止个人信息泄露。"),
    ]
    if cert.kind == "个人缴费明细":
        notes.insert(1, _t("逐月缴费明细可扫描二维码或登录浙里办查询。"))
    note_html = "".join(f"<li>{_e(n)}</li>" for n in notes)
    qr = ""
    if cert.verify_url:
        scan = _e(_t("扫码核验"))
        qr = (
            '<img src="qr://online" width="110" height="110"/><br/>'
            f'<span class="note">{scan}</span>'
        )
    sign_lines = [
        _t("验证码：{code}").format(code=cert.verify_code),
        _t("出具单位：{outlet}（社银合作网点代办）").format(outlet=cert.outlet_name),
        _t("业务专用章编号：{seal}").format(seal=cert.seal_no or "—"),
        _t("经办人工号：{staff}").format(staff=cert.clerk_staff_no),
        _t("打印时间：{time}").format(time=f"{cert.issued_at:%Y年%m月%d日 %H:%M}"),
    ]
    sign = "<br/>".join(_e(s) for s in sign_lines)
    stamp = _e(_t("（盖章）"))
    copies = _e(_t("共 {n} 份").format(n=cert.copies))
    return (
        f"<html><head><style>{_STYLE}</style></head><body>"
        f"{_banner(cert)}"
        f"<h1>{_e(cert.title)}</h1>"
        f'<p class="sub">{_e(_t("事项编码"))} {cert.item_code} · {copies}</p>'
        f'<p class="statement">{_e(cert.statement)}</p>'
        f'<table width="100%" border="1" cellspacing="0" cellpadding="6" '
        f'style="border-collapse: collapse; border-color: #9aa5b1;">{person_rows}</table>'
        f"<p></p>"
        f'<table width="100%" border="1" cellspacing="0" cellpadding="6" '
        f'style="border-collapse: collapse; border-color: #9aa5b1;">'
        f"<thead><tr>{header}</tr></thead>{''.join(rows)}</table>"
        f'<p class="note"><b>{_e(_t("说明："))}</b></p><ol class="note">{note_html}</ol>'
        f'<table width="100%" cellpadding="4"><tr>'
        f'<td width="25%" valign="top" align="center">{qr}</td>'
        f'<td width="75%" valign="top" class="sign">{sign}<br/><br/>'
        f'<span style="font-size: 14pt;">{stamp}</span></td>'
        f"</tr></table>"
        f"{_banner(cert)}"
        "</body></html>"
    )


def certificate_document(cert: Certificate) -> QTextDocument:
    return make_document(certificate_html(cert), qr_data=cert.verify_url or "")


def write_certificate_pdf(cert: Certificate, path: Path) -> Path:
    """The certificate as an A4 PDF at *path* (one copy; the printer makes the others)."""
    return write_pdf(certificate_document(cert), path, title=cert.title)


def suggested_file_name(cert: Certificate) -> str:
    """A file name without personal data: title, business number or time."""
    tail = cert.business_no or f"{cert.issued_at:%Y%m%d-%H%M%S}"
    return f"{cert.title}_{tail}.pdf"


class CertificateOutput(QObject):
    """Prints (Qt print dialog) or exports (PDF) a certificate, and journals each."""

    printed = Signal(str)  # a Chinese sentence for the status line
    failed = Signal(str)

    def __init__(self, audit: AuditLog, runner: AsyncRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.audit = audit
        self.runner = runner
        self.parent_widget = parent
        self.last_pdf: Path | None = None
        self._dialogs: list[QDialog] = []

    def _keep(self, dialog: QDialog) -> None:
        self._dialogs.append(dialog)
        dialog.finished.connect(lambda _=0, d=dialog: self._dialogs.remove(d))

    def _journal(self, cert: Certificate, session: ActiveSession, how: str) -> None:
        details = {**cert.journal_details(), "output": how}
        self.runner.run(
            self.audit.record(
                Action.PRINT.value,
                staff_no=session.staff.staff_no,
                role=session.workspace_role.value,
                object=cert.business_no or cert.item_code,
                details=details,
            )
        )

    def print_with_dialog(self, cert: Certificate, session: ActiveSession) -> QPrintDialog:
        """Open the print dialog (``open()``); print and journal when the clerk accepts."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        setup_a4(printer)
        printer.setCopyCount(cert.copies)
        printer.setDocName(cert.title)
        dialog = QPrintDialog(printer, self.parent_widget)
        dialog.setWindowTitle(_t("打印参保证明"))
        self._keep(dialog)

        def accepted() -> None:
            self.print_to(cert, session, printer)

        dialog.accepted.connect(accepted)
        QDialog.open(dialog)  # PySide hides QDialog.open() behind an overload
        return dialog

    def print_to(self, cert: Certificate, session: ActiveSession, printer: QPrinter) -> None:
        certificate_document(cert).print_(printer)
        self._journal(cert, session, "printer")
        self.printed.emit(_t("已发送打印：{title}").format(title=cert.title))

    def export_pdf(self, cert: Certificate, session: ActiveSession, path: Path) -> Path:
        try:
            written = write_certificate_pdf(cert, path)
        except OSError as exc:
            self.failed.emit(_t("无法写入 PDF：{error}").format(error=exc.strerror or str(exc)))
            raise
        self.last_pdf = written
        self._journal(cert, session, "pdf")
        self.printed.emit(_t("已导出 PDF：{path}").format(path=str(written)))
        return written

    def ask_export_pdf(
        self,
        cert: Certificate,
        session: ActiveSession,
        on_saved: Callable[[Path], None] | None = None,
    ) -> QFileDialog:
        """Ask where to save (``open()``), then export and journal."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        start = Path(folder or Path.home()) / suggested_file_name(cert)
        dialog = QFileDialog(
            self.parent_widget, _t("导出参保证明 PDF"), str(start), _t("PDF 文件 (*.pdf)")
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(str(start))
        self._keep(dialog)

        def chosen(path: str) -> None:
            try:
                saved = self.export_pdf(cert, session, Path(path))
            except OSError:
                return
            if on_saved is not None:
                on_saved(saved)

        dialog.fileSelected.connect(chosen)
        dialog.open()
        return dialog
