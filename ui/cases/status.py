"""The outbox in the main window's status bar: how many uploads are still waiting.

window.statusBar().addPermanentWidget(OutboxStatusLabel(services.outbox))
"""

from __future__ import annotations

from counter.outbox import Outbox, OutboxStatus
from ui.qt import QLabel, QWidget
from ui.signals import EventSignal

STATUS_QSS = """
#OutboxIdle { color: #067647; }
#OutboxPending { color: #b54708; font-weight: 600; }
#OutboxAttention { color: #b42318; font-weight: 700; }
"""


class OutboxStatusLabel(QLabel):
    def __init__(self, outbox: Outbox, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(STATUS_QSS)
        self.setAccessibleName(self.tr("待上传"))
        self.follow = EventSignal(outbox.status_changed, self)
        self.follow.fired.connect(self.show_status)
        self.show_status(outbox.status)

    def show_status(self, status: OutboxStatus) -> None:
        pending = status.pending
        if pending:
            text = self.tr("待上传 {n} 件").format(n=pending)
            kind = "OutboxPending"
        else:
            text = self.tr("上传队列已清空")
            kind = "OutboxIdle"
        if status.needs_attention:
            text += self.tr(" · 需处理 {n} 件").format(n=status.needs_attention)
            kind = "OutboxAttention"
        if status.paused_reason:
            text += self.tr("（已暂停：{reason}）").format(reason=status.paused_reason)
            kind = "OutboxAttention" if status.needs_attention else "OutboxPending"
        self.setText(text)
        self.setToolTip(self.tr("本机已受理、尚未上传人社平台的办件和评价；网络恢复后自动上传。"))
        if self.objectName() != kind:
            self.setObjectName(kind)
            self.style().unpolish(self)
            self.style().polish(self)
