#!/usr/bin/env bash
# Quotes through the real pipeline: PolNeAR texts go to `newsprint annotate` as JSON lines
# (the text of each .txt unchanged, so offsets are the gold's), the shipped tagger gives
# the mentions, and ../shared/tools/quote_eval.py scores the output. `make eval` runs it.
#
#   eval/quotes/annotate.sh BIN [CORPORA] [PARTS...]   (parts: dev, train; default dev)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:?usage: annotate.sh BIN [CORPORA] [PARTS...]}
corpora=${2:-$root/../shared/corpora}
shift $(($# < 2 ? $# : 2))
parts=("${@:-dev}")
corpus=$corpora/polnear
scorer=$corpora/../tools/quote_eval.py
if [ ! -d "$corpus" ] || [ ! -f "$scorer" ]; then
  echo "skip: $corpus or $scorer not found" >&2
  exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for part in "${parts[@]}"; do
  # newline="" keeps the text byte for byte (a "\r" too): the gold counts its code points.
  python3 - "$corpus/$part/text" >"$out/$part.in.jsonl" <<'EOF'
import json, os, sys
d = sys.argv[1]
for name in sorted(os.listdir(d)):
    if name.endswith(".txt"):
        with open(os.path.join(d, name), encoding="utf-8", newline="") as f:
            print(json.dumps({"id": name[:-4], "text": f.read()}))
EOF
  start=$(date +%s.%N)
  "$bin" annotate --input "$out/$part.in.jsonl" --output "$out/$part.jsonl"
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  echo "== quotes, PolNeAR $part, through newsprint annotate (tagger, dates and quotes: ${secs%??????}s)"
  python3 "$scorer" "$corpus/$part" "$out/$part.jsonl"
done
