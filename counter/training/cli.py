"""`counter training-server [--host 127.0.0.1] [--port N] [--db URL]` (DESIGN §3.1).

The `counter` command line dispatches here; this module imports no Qt.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8443


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="counter training-server",
        description="单独运行社银通培训平台（HTTPS；一个教室的多台柜面终端可共用）",
    )
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"监听地址（默认 {DEFAULT_HOST}；0.0.0.0 供教室共用）"
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"监听端口（默认 {DEFAULT_PORT}）"
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help="数据库 URL（默认 <数据目录>/training-platform.sqlite3；"
        "也可用 postgresql+psycopg://user@host/db）",
    )
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="数据目录（数据库与 TLS 证书所在）"
    )
    return parser


def default_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path("ShebaotongCounter", appauthor=False) / "training"


def main(argv: list[str] | None = None, *, data_dir: Path | None = None) -> int:
    """Parse `argv` (without the subcommand name) and serve until interrupted."""
    args = build_parser().parse_args(argv)
    directory: Path = args.data_dir or data_dir or default_data_dir()
    from counter.training.server import run_forever

    try:
        run_forever(args.host, args.port, args.db, directory)
    except OSError as exc:
        print(f"培训平台无法启动：{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # uvicorn re-raises Ctrl+C after its graceful shutdown
        pass
    print("培训平台已停止。", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
