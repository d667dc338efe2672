"""`counter training run-scenario FILE --as STAFF [--careless] [--pdf OUT]` (headless).

Starts a training platform of its own, plays the scenario with a scripted trainee (perfect,
or careless with the scenario's planned mistakes), prints the score and the mistakes, and
optionally writes the assessment report as a PDF. Exit code 0 when the scenario passed,
1 when it did not, 2 when the file is not usable. Heavy imports happen only when run.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    """Add the `training` command group to the `counter` argument parser."""
    training = sub.add_parser("training", help="培训情景与考核")
    commands = training.add_subparsers(dest="training_command", required=True)
    play = commands.add_parser("run-scenario", help="用脚本学员无界面运行一个培训情景并评分")
    play.add_argument("file", type=Path, help="情景文件（TOML）")
    play.add_argument("--as", dest="staff", help="学员工号（默认：情景中的 trainee）")
    play.add_argument("--careless", action="store_true", help="粗心学员（按情景中的差错计划）")
    play.add_argument("--pdf", type=Path, help="把考核报告写成 PDF")
    play.add_argument(
        "--data-dir", type=Path, help="培训平台与练习台的数据目录（默认：临时目录，用后删除）"
    )


def run(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from counter.scenarios.assessment import Assessment
    from counter.scenarios.headless import run_scenario_file
    from counter.scenarios.loader import ScenarioError
    from counter.scenarios.report_pdf import write_assessment_pdf

    try:
        outcome = run_scenario_file(
            args.file, args.staff, careless=args.careless, data_dir=args.data_dir
        )
    except ScenarioError as exc:
        print(f"情景文件不可用：{exc}")
        return 2
    result = outcome.result
    print(f"{result.title}（{result.scenario_id}）：{result.score} 分，"
          f"{'通过' if result.passed else '未通过'}（合格线 {result.pass_mark}）")  # fmt: skip
    for citizen in result.citizens:
        print(f"  {citizen.label} {citizen.item_name}")
        print(f"    应当：{citizen.expected}")
        print(f"    实际：{citizen.happened}")
        for m in citizen.mistakes:
            print(f"    ✗ {m.title}（{m.code.value}，-{m.points}）：{m.explanation}")
    if args.pdf is not None:
        assessment = Assessment(
            trainee=outcome.trainee,
            assessor="HEADLESS",
            set_id="headless",
            set_title=f"无界面运行：{result.title}",
            pass_mark=result.pass_mark,
            started_at=result.started_at,
            results=[result],
            ended_at=datetime.now(UTC),
        )
        write_assessment_pdf(assessment, args.pdf)
        print(f"考核报告：{args.pdf}")
    return 0 if result.passed else 1
