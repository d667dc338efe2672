"""`counter doctor`: a table and an exit code an installer can script."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from counter.training.server import TrainingServer
from counter.training.tls import generate_self_signed
from ui.cli import main


def write_config(tmp_path: Path, server: TrainingServer, ca_file: Path | None = None) -> Path:
    path = tmp_path / "counter.toml"
    ca = (ca_file or server.ca_file).as_posix()
    path.write_text(
        f'data_dir = "{(tmp_path / "data").as_posix()}"\n'
        f'[bureau]\nbase_url = "{server.base_url}"\nca_file = "{ca}"\n'
        '[printer]\nuri = "network://192.0.2.10:9100"\n',
        encoding="utf-8",
    )
    return path


def test_ready_counter_passes(
    tmp_path: Path, training_server: TrainingServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--config", str(write_config(tmp_path, training_server)), "doctor"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "社银通培训平台" in out
    assert "本机可以办理业务" in out
    for row in ("配置文件", "数据目录", "系统密钥环", "人社平台 CA 证书", "打印机", "叫号系统"):
        assert row in out


def test_wrong_ca_fails_with_a_reason(
    tmp_path: Path, training_server: TrainingServer, capsys: pytest.CaptureFixture[str]
) -> None:
    other = generate_self_signed(tmp_path / "other").ca_cert
    code = main(["--config", str(write_config(tmp_path, training_server, other)), "doctor"])
    out = capsys.readouterr().out
    assert code == 1
    assert "FAIL  人社平台连接" in out
    assert "有必需项未通过" in out


def test_no_keyring_fails(
    tmp_path: Path, training_server: TrainingServer, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(fail.Keyring())
    code = main(["--config", str(write_config(tmp_path, training_server)), "doctor"])
    out = capsys.readouterr().out
    assert code == 1
    assert "FAIL  系统密钥环" in out and "密钥环不可用" in out


def test_bad_config_exits_2_naming_file_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "counter.toml"
    path.write_text("[outlet]\nwindow = 0\n", encoding="utf-8")
    assert main(["--config", str(path), "doctor"]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "outlet.window" in err
