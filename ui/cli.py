"""The `counter` command (DESIGN §3.1).

Headless subcommands never import Qt: only the GUI branch imports `ui.app`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from counter.config import (
    Config,
    ConfigError,
    default_config_path,
    effective_data_dir,
    load_config,
)
from ui.buildinfo import app_version

if TYPE_CHECKING:
    from counter.storage.db import Database


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="counter", description="社银通 Counter — 银行网点社保业务窗口客户端"
    )
    parser.add_argument("--config", type=Path, help="配置文件路径（默认：系统配置目录）")
    parser.add_argument("--training", action="store_true", help="培训模式：内置培训平台与模拟设备")
    parser.add_argument("--version", action="version", version=f"社银通 Counter {app_version()}")
    sub = parser.add_subparsers(dest="command")
    server = sub.add_parser("training-server", help="单独运行培训平台（可供一个教室共用）")
    server.add_argument("--host", default="127.0.0.1")
    server.add_argument("--port", type=int, default=8443)
    server.add_argument("--db", help="SQLAlchemy 数据库 URL（默认：数据目录中的 SQLite 文件）")
    sub.add_parser("doctor", help="检查配置、密钥环、证书、人社平台与设备")
    printer = sub.add_parser("print-test", help="打印测试单")
    printer.add_argument("--printer", help="打印机地址，例如 network://192.0.2.10:9100")
    report = sub.add_parser("report", help="营业日报表（取号、办件、评价、异常、日志校验）")
    report.add_argument("--date", type=_day, help="营业日 YYYY-MM-DD（默认：今天）")
    report.add_argument("--format", choices=("json", "csv", "pdf"), default="json")
    report.add_argument("--out", type=Path, help="输出文件（json/csv 默认输出到屏幕）")
    verify = sub.add_parser("verify-journal", help="校验日志哈希链；发现篡改时返回非零")
    verify.add_argument("--date", type=_day, help="只校验该营业日 YYYY-MM-DD")
    verify.add_argument("--head", help="日结签字单上打印的链头（64 位十六进制）")
    from counter.scenarios.cli import add_parser as add_training_parser

    add_training_parser(sub)
    return parser


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”格式不对，应为 YYYY-MM-DD") from None


def main(argv: Sequence[str] | None = None) -> int:  # noqa: PLR0911 - one branch per command
    args = _parser().parse_args(argv)
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"配置错误：{exc}", file=sys.stderr)
        return 2
    if args.command == "training-server":
        from counter.training.cli import main as training_server

        argv_server = ["--host", args.host, "--port", str(args.port)]
        if args.db:
            argv_server += ["--db", args.db]
        return training_server(argv_server, data_dir=config.data_dir / "training-server")
    if args.command == "training":
        from counter.scenarios.cli import run as training_command

        return training_command(args)
    if args.command == "doctor":
        return doctor(config, args.config, training=args.training)
    if args.command in ("report", "verify-journal"):
        return journal_command(config, args)
    if args.command == "print-test":
        from drivers.printer.cli import main as print_test

        preview_dir = effective_data_dir(config, args.training) / "printer-preview"
        return print_test(
            args.printer or config.printer.uri, config.printer.paper_mm, preview_dir=preview_dir
        )
    from ui.app import run_gui

    return run_gui(config, training=args.training, config_path=args.config)


def doctor(config: Config, config_path: Path | None, *, training: bool) -> int:
    from counter.bureau.client import BureauClient, build_ssl_context
    from counter.doctor import environment_source, exit_code, format_table, run_checks
    from counter.keystore import KeyStore

    path = config_path or default_config_path()
    source = (str(path) if path.exists() else "未找到，使用默认值") + environment_source()
    data_dir = effective_data_dir(config, training)

    def keyring_probe() -> str:
        store = KeyStore(installation_id="doctor-probe")
        store.check_available()
        return store.backend_name()

    bureau_probe = None
    if config.bureau.ca_file is not None and config.bureau.ca_file.is_file():
        ca_file = config.bureau.ca_file

        def bureau_probe() -> str:
            async def probe() -> str:
                client = BureauClient(
                    config.bureau.base_url,
                    build_ssl_context(ca_file),
                    connect_timeout_s=5,
                    read_timeout_s=10,
                )
                try:
                    health = await client.health()
                finally:
                    await client.aclose()
                return f"{config.bureau.base_url} · {health.platform} {health.platform_version}"

            return asyncio.run(probe())

    checks = run_checks(
        config,
        config_source=source,
        data_dir=data_dir,
        keyring_probe=keyring_probe,
        bureau_probe=bureau_probe,
    )
    print(format_table(checks))
    return exit_code(checks)


def journal_command(config: Config, args: argparse.Namespace) -> int:
    """`counter report` and `counter verify-journal`: headless, from the local store."""
    from counter.journal import BUSINESS_TZ
    from counter.storage.db import open_database
    from counter.storage.errors import StorageError
    from counter.storage.models import installation_id
    from ui.composition import open_keystore

    data_dir = effective_data_dir(config, args.training)
    path = data_dir / "counter.sqlite3"
    if not path.is_file():
        print(f"找不到本地数据库：{path}", file=sys.stderr)
        return 2
    try:
        db = open_database(path)
    except StorageError as exc:
        print(f"无法打开本地数据库：{exc}", file=sys.stderr)
        return 2
    try:
        key = open_keystore(data_dir, args.training, installation_id(db)).journal_key()
        if args.command == "verify-journal":
            from counter.signoff import verify_journal

            check = verify_journal(db, key, args.date, args.head)
            for line in check.lines:
                print(line, file=sys.stdout if check.ok else sys.stderr)
            return check.exit_code
        day = args.date or datetime.now(BUSINESS_TZ).date()
        return _report(db, key, day, config, args)
    except Exception as exc:  # keyring and file errors: a message, not a traceback
        print(f"出错：{exc}", file=sys.stderr)
        return 2
    finally:
        db.close()


def _report(db: Database, key: bytes, day: date, config: Config, args: argparse.Namespace) -> int:
    from counter.report import ReportService, build_report, report_csv, report_json
    from counter.storage.models import read_setting

    report = build_report(
        db,
        day,
        outlet_code=config.outlet.code,
        outlet_name=read_setting(db, "outlet_name") or "",
        window=config.outlet.window,
        journal_key=key,
        training=args.training,
    )
    if args.out is not None or args.format == "pdf":
        target = args.out or Path(f"day-report-{config.outlet.code}-{day.isoformat()}.pdf")
        ReportService.write(report, args.format, target)
        print(f"日报表已写入 {target}")
    else:
        text = report_json(report) if args.format == "json" else report_csv(report)
        sys.stdout.write(text)
    verify = report.journal.verify
    if verify is not None and not verify.ok:
        print(f"警告：{verify.message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
