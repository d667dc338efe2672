"""`counter training-server` (here via `python -m counter.training`): serve, answer, stop."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from counter.training.cli import build_parser
from counter.training.server import DB_FILE
from tests.training_fixtures import TrainingHome, trust_only


def test_options_and_defaults() -> None:
    args = build_parser().parse_args([])
    assert (args.host, args.port, args.db) == ("127.0.0.1", 8443, None)
    args = build_parser().parse_args(
        ["--host", "0.0.0.0", "--port", "9443", "--db", "postgresql+psycopg://u@h/db"]
    )
    assert (args.host, args.port, args.db) == ("0.0.0.0", 9443, "postgresql+psycopg://u@h/db")


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT")
def test_training_server_command_serves_until_interrupted(
    training_home: TrainingHome, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copyfile(training_home.database, data_dir / DB_FILE)  # skip seeding
    process = subprocess.Popen(
        [sys.executable, "-m", "counter.training", "--port", "0", "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        assert process.stdout is not None
        banner: list[str] = []
        for line in process.stdout:
            banner.append(line)
            if "Ctrl+C" in line:
                break
        text = "".join(banner)
        match = re.search(r"地址：\s*(https://127\.0\.0\.1:\d+)", text)
        assert match, text
        assert "T-CLERKA1" in text and "Train@2026" in text
        ca_file = data_dir / "tls" / "training-ca.pem"
        with httpx.Client(verify=trust_only(ca_file), timeout=10) as client:
            health = client.get(f"{match.group(1)}/v1/health")
        assert health.status_code == 200
        assert health.json()["training"] is True
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
        assert process.returncode == 0, err
        assert "培训平台已停止" in out
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
