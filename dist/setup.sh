#!/usr/bin/env bash
# Creates dist/.venv with what the Ray driver, the local S3 server and tests/dist need.
# Idempotent: a venv whose installed requirements match requirements.txt is left as it is,
# so `make test-dist` pays the install once per machine. Quiet unless something fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${DIST_VENV:-$here/.venv}"
python="${PYTHON:-python3}"
req="$here/requirements.txt"
stamp="$venv/.requirements.sha256"

want="$(sha256sum "$req" | cut -d' ' -f1)"
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    exit 0
fi

start=$(date +%s)
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
echo "$want" > "$stamp"
echo "dist/setup.sh: installed $(basename "$req") into $venv in $(( $(date +%s) - start ))s" >&2
