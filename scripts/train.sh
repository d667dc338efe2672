#!/usr/bin/env bash
# Command 1: install what is needed and start the GUI in training mode.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "$(uname)" = "Linux" ]; then
  echo "没有图形显示（DISPLAY 未设置）：在虚拟屏幕 Xvfb 上运行。"
  bash scripts/bootstrap.sh xvfb xauth >/dev/null
  exec xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/counter --training "$@"
fi
exec .venv/bin/counter --training "$@"
