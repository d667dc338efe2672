"""The `counter` command (DESIGN §3.1).

Headless subcommands never import Qt: only the GUI branch imports `ui.app`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from counter import __version__
from counter.config import Config, ConfigError, default_config_path, load_config


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="counter", description="社银通 Counter — 银行网点社保业务窗口客户端"
    )
    parser.add_argument("--config", type=Path, help="配置文件路径（默认：系统配置目录）")
    parser.add_argument("--training", action="store_true", help="培训模式：内置培训平台与模拟设备")
    parser.add_argument("--version", action="version", version=f"社银通 Counter {__version__}")
    sub = parser.add_subparsers(dest="command")
    server = sub.add_parser("training-server", help="单独运行培训平台（可供一个教室共用）")
    server.add_argument("--host", default="127.0.0.1")
    server.add_argument("--port", type=int, default=8443)
    server.add_argument("--db", help="SQLAlchemy 数据库 URL（默认：数据目录中的 SQLite 文件）")
    sub.add_parser("doctor", help="检查配置、密钥环、证书、人社平台与设备")
    printer = sub.add_parser("print-test", help="打印测试单")
    printer.add_argument("--printer", help="打印机地址，例如 network://192.0.2.10:9100")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
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
    if args.command == "doctor":
        return doctor(config, args.config, training=args.training)
    if args.command == "print-test":
        from drivers.printer.cli import main as print_test
        from ui.composition import effective_data_dir

        preview_dir = effective_data_dir(config, args.training) / "printer-preview"
        return print_test(
            args.printer or config.printer.uri, config.printer.paper_mm, preview_dir=preview_dir
        )
    from ui.app import run_gui

    return run_gui(config, training=args.training)


def doctor(config: Config, config_path: Path | None, *, training: bool) -> int:
    from counter.bureau.client import BureauClient, build_ssl_context
    from counter.doctor import environment_source, exit_code, format_table, run_checks
    from counter.keystore import KeyStore
    from ui.composition import effective_data_dir

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


if __name__ == "__main__":
    sys.exit(main())
