"""Chinese texts that the core owns (role names, connection states), made translatable.

The core keeps no Qt, so its labels are listed here for Qt Linguist and translated at the
moment the UI shows them.
"""

from __future__ import annotations

from counter.bureau.connection import ConnectionState
from counter.bureau.models import Role
from counter.session import ROLE_LABELS, ActiveSession
from ui.qt import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "core"

_LISTED = (
    QT_TRANSLATE_NOOP("core", "导办"),
    QT_TRANSLATE_NOOP("core", "经办"),
    QT_TRANSLATE_NOOP("core", "复核"),
    QT_TRANSLATE_NOOP("core", "收件转运"),
    QT_TRANSLATE_NOOP("core", "管理"),
    QT_TRANSLATE_NOOP("core", "连接中…"),
    QT_TRANSLATE_NOOP("core", "在线"),
    QT_TRANSLATE_NOOP("core", "网络不稳定"),
    QT_TRANSLATE_NOOP("core", "离线"),
    QT_TRANSLATE_NOOP("core", "{role}（{post}岗）"),
    QT_TRANSLATE_NOOP("core", "为群众查找事项、一次性告知所需材料、发放社保业务排队号。"),
    QT_TRANSLATE_NOOP(
        "core", "叫号、核验身份、填写表单、核对材料、提交人社平台、打印回执、邀请评价。"
    ),
    QT_TRANSLATE_NOOP("core", "整理收件转运材料、打印交接清单、登记与人社部门的交接。"),
    QT_TRANSLATE_NOOP("core", "复核高风险业务、查看当日日志、对账、处理差评与异常、日终签退。"),
)

ROLE_DUTIES = {
    Role.GUIDE: _LISTED[10],
    Role.CLERK: _LISTED[11],
    Role.COURIER: _LISTED[12],
    Role.SUPERVISOR: _LISTED[13],
}


def core_text(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def role_label(session: ActiveSession) -> str:
    role = session.workspace_role
    label = core_text(ROLE_LABELS[role])
    if role is Role.CLERK and session.staff.post is not None:
        return core_text("{role}（{post}岗）").format(role=label, post=session.staff.post.value)
    return label


def role_duty(role: Role) -> str:
    return core_text(ROLE_DUTIES.get(role, ""))


def connection_label(state: ConnectionState) -> str:
    return core_text(state.label)
