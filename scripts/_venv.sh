# Sourced by scripts/*: creates .venv and installs modelreg with its server and dev extras,
# once, and again whenever pyproject.toml changes.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv="$root/.venv"
stamp="$venv/.installed"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if [ ! -f "$stamp" ] || [ "$root/pyproject.toml" -nt "$stamp" ]; then
  echo "installing modelreg into $venv (log: $venv/install.log)" >&2
  if ! { "$venv/bin/python" -m pip install --upgrade pip &&
         "$venv/bin/python" -m pip install -e "$root[server,dev]"; } >"$venv/install.log" 2>&1; then
    tail -30 "$venv/install.log" >&2
    echo "installation failed; full log in $venv/install.log" >&2
    exit 1
  fi
  touch "$stamp"
fi
export PATH="$venv/bin:$PATH"
