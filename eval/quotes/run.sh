#!/usr/bin/env bash
# Quote extraction on PolNeAR: builds the `polnear` example in release, writes predictions
# for dev and train, and scores them with the shared scorer. Usage: eval/quotes/run.sh [out dir]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${SHARED:-$root/../shared}
corpus=$shared/corpora/polnear
scorer=$shared/tools/quote_eval.py
out=${1:-${TMPDIR:-/tmp}/newsprint-quotes-eval}
if [ ! -d "$corpus" ] || [ ! -f "$scorer" ]; then
  echo "skip: $corpus or $scorer not found" >&2
  exit 0
fi
mkdir -p "$out"
manifest=$root/crates/quotes/Cargo.toml
cargo build --release --quiet --manifest-path "$manifest" --example polnear --example bench
target=$(cargo metadata --format-version 1 --no-deps --manifest-path "$manifest" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
bin=$target/release/examples
for part in dev train; do
  "$bin/polnear" "$corpus/$part" "$out/$part.jsonl"
  echo "== $part"
  python3 "$scorer" "$corpus/$part" "$out/$part.jsonl" --json "$out/$part.score.json"
done
echo "== throughput (quotes step alone, one core, train texts)"
"$bin/bench" "$corpus/train/text"
echo "== what became of the dev attributions"
python3 "$root/eval/quotes/misses.py" "$corpus/dev" "$out/dev.jsonl" "$shared/tools"
