from __future__ import annotations

from pathlib import Path

import pytest

from counter.config import Config, ConfigError, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "counter.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_training_ready_defaults(tmp_path: Path) -> None:
    config = Config()
    assert config.security.idle_lock_minutes == 10
    assert config.ui.language == "zh_CN"
    assert config.printer.paper_mm in (58, 80)


def test_missing_default_file_is_fine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("counter.config.default_config_path", lambda: tmp_path / "none.toml")
    assert load_config(environ={}).outlet.window == 3


def test_explicit_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="文件不存在"):
        load_config(tmp_path / "none.toml", environ={})


def test_full_file_loads(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
data_dir = "/var/lib/counter"
[outlet]
code = "330102001"
window = 5
[bureau]
base_url = "https://bureau.example:8443/"
ca_file = "/etc/counter/ca.pem"
[printer]
uri = "network://192.0.2.10:9100"
paper_mm = 58
[caller]
kind = "http"
url = "http://127.0.0.1:9000"
[security]
idle_lock_minutes = 15
""",
    )
    config = load_config(path, environ={})
    assert config.outlet.window == 5
    assert config.bureau.base_url == "https://bureau.example:8443"
    assert config.printer.paper_mm == 58
    assert config.data_dir == Path("/var/lib/counter")


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        ('[outlet]\ncode = "33-01"\n', "outlet.code", "6–12 位数字"),
        ("[outlet]\nwindw = 3\n", "outlet.windw", "不认识的配置项"),
        ('[bureau]\nbase_url = "http://bureau"\n', "bureau.base_url", "https://"),
        ('[printer]\nuri = "lpt1"\n', "printer.uri", "无法识别的打印机地址"),
        ("[printer]\npaper_mm = 76\n", "printer.paper_mm", "可选 58 or 80"),
        ('[security]\nidle_lock_minutes = "soon"\n', "security.idle_lock_minutes", "应为数字"),
        ("[security]\nidle_lock_minutes = 0\n", "security.idle_lock_minutes", "数值太小"),
        ('[caller]\nkind = "pager"\n', "caller.kind", "取值不在允许范围内"),
    ],
)
def test_bad_values_name_file_key_and_problem(
    tmp_path: Path, text: str, key: str, problem: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={})
    message = str(caught.value)
    assert str(path) in message
    assert key in message
    assert problem in message


def test_malformed_toml_is_reported_with_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[outlet\ncode = 1\n")
    with pytest.raises(ConfigError, match="TOML 语法错误") as caught:
        load_config(path, environ={})
    assert str(path) in str(caught.value)


def test_environment_overrides_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[outlet]\nwindow = 2\n")
    config = load_config(
        path,
        environ={"COUNTER_OUTLET__WINDOW": "7", "COUNTER_PRINTER__URI": "dummy://"},
    )
    assert config.outlet.window == 7
    assert config.printer.uri == "dummy://"


def test_bad_environment_override_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="COUNTER_OUTLET__WINDOW"):
        load_config(write(tmp_path, ""), environ={"COUNTER_OUTLET__WINDOW": "zero"})
