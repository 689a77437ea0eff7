#!/usr/bin/env bash
# Scale run: makes N distinct articles from the shared BBC texts (newsprint gen-corpus) and
# runs the default pipeline over them, recording time and peak memory. Usage:
#   bash bench/scale.sh [N]        (default 1000000; needs about 3 KB of disk per article)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
BIN=${NEWSPRINT:-target/release/newsprint}
CORPORA=${CORPORA:-../shared/corpora}
WORK=${SCALE_DIR:-bench/out/scale}
mkdir -p "$WORK"
rm -rf "$WORK/in-$N" "$WORK/ds-$N" "$WORK/.ds-$N.stages"
"$BIN" gen-corpus --from "$CORPORA/text-bbc-news" --out "$WORK/in-$N" --count "$N"
/usr/bin/time -f "wall %e s, user %U s, peak RSS %M KB" \
  "$BIN" run --input "$WORK/in-$N" --output "$WORK/ds-$N" -q 2>&1 | tee "$WORK/run-$N.log"
du -sh "$WORK/in-$N" "$WORK/ds-$N" | tee -a "$WORK/run-$N.log"
