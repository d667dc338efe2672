"""The training logins (DESIGN §5), apart from the seeding so the login screen can list
them without importing the platform's database layer (SQLAlchemy) before the window shows."""

from __future__ import annotations

from dataclasses import dataclass

from counter.bureau.models import Post, Role

__all__ = ["TRAINING_ACCOUNTS", "TRAINING_OUTLET_CODE", "TRAINING_PASSWORD", "TrainingAccount"]

TRAINING_OUTLET_CODE = "330102001"
TRAINING_PASSWORD = "Train@2026"


@dataclass(frozen=True)
class TrainingAccount:
    """A training login, shown on the login screen in training mode and in the README."""

    staff_no: str
    name: str
    role_label: str
    password: str
    roles: tuple[Role, ...]
    post: Post | None = None
    outlet_code: str = TRAINING_OUTLET_CODE


TRAINING_ACCOUNTS: tuple[TrainingAccount, ...] = (
    TrainingAccount("T-GUIDE01", "陈晓敏", "导办", TRAINING_PASSWORD, (Role.GUIDE,)),
    TrainingAccount(
        "T-CLERKA1", "李文涛", "经办A岗", TRAINING_PASSWORD, (Role.CLERK, Role.REVIEWER), Post.A
    ),
    TrainingAccount(
        "T-CLERKB1", "张丽华", "经办B岗", TRAINING_PASSWORD, (Role.CLERK, Role.REVIEWER), Post.B
    ),
    TrainingAccount("T-COURIER1", "赵建国", "收件转运", TRAINING_PASSWORD, (Role.COURIER,)),
    TrainingAccount(
        "T-SUPER01", "刘志强", "网点主管", TRAINING_PASSWORD, (Role.SUPERVISOR, Role.REVIEWER)
    ),
    TrainingAccount(
        "T-CLERK201",
        "周雨婷",
        "经办A岗（二类网点）",
        TRAINING_PASSWORD,
        (Role.CLERK, Role.REVIEWER),
        Post.A,
        "330102002",
    ),
    TrainingAccount(
        "T-CLERK301",
        "吴海峰",
        "经办A岗（三类网点）",
        TRAINING_PASSWORD,
        (Role.CLERK, Role.REVIEWER),
        Post.A,
        "330102003",
    ),
)
