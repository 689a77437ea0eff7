#!/usr/bin/env bash
# Beyond one machine, measured: shards and finalize on a generated corpus of N articles
# (time and peak memory of each), Ray against one plain run on the same corpus (the engine's
# overhead), and a bucket against local disk (the network path's cost, on a local S3
# server). Writes bench/dist-report.md. Usage:
#   bash bench/dist.sh [N]      (default 100000; the corpus is made once and kept)
# Environment: NEWSPRINT (binary), CORPORA, SHARDS (default 4), SKIP_RAY=1, SKIP_S3=1.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
SHARDS=${SHARDS:-4}
BIN=${NEWSPRINT:-${CARGO_TARGET_DIR:-target}/release/newsprint}
CORPORA=${CORPORA:-../shared/corpora}
WORK=${DIST_BENCH_DIR:-bench/out/dist}
PY=dist/.venv/bin/python
REPORT=bench/dist-report.md
mkdir -p "$WORK"
say() { echo "dist-bench: $*" >&2; }
[[ -x $BIN ]] || { say "no binary at $BIN"; exit 1; }
cp -f "$BIN" "$WORK/newsprint"
BIN=$WORK/newsprint
IN=$WORK/in-$N
if [[ ! -d $IN ]]; then
  say "making $N articles in $IN"
  "$BIN" gen-corpus --from "$CORPORA/text-bbc-news" --out "$IN" --count "$N"
fi

# `timed LABEL CMD...`: wall seconds and peak RSS (KiB) into T_WALL and T_RSS.
timed() {
  local label=$1; shift
  local t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -o "$WORK/time.txt" -f '%M' "$@" >"$WORK/$label.out" 2>"$WORK/$label.err" ||
    { say "$label failed: $(tail -3 "$WORK/$label.err")"; exit 1; }
  t1=$(date +%s%N)
  T_WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
  T_RSS=$(cat "$WORK/time.txt")
  say "$label: ${T_WALL}s, peak RSS $((T_RSS / 1024)) MiB"
}

fresh() { rm -rf "$1" "$(dirname "$1")/.$(basename "$1")".*; }

{
  echo "# newsprint beyond one machine: $N generated articles, $SHARDS shards"
  echo
  echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, binary $(git rev-parse --short HEAD)."
  echo "Load at start: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
} >"$REPORT"

# ---- one plain run against the same corpus in shards, then finalize ------------------
fresh "$WORK/single"
timed single "$BIN" run --input "$IN" --output "$WORK/single" --threads 2 -q
single_wall=$T_WALL single_rss=$T_RSS
fresh "$WORK/sharded"
shard_total=0 shard_max_rss=0
rows=""
for ((i = 0; i < SHARDS; i++)); do
  timed "shard-$i" "$BIN" run --input "$IN" --output "$WORK/sharded" --shard "$i/$SHARDS" --threads 2 -q
  shard_total=$(awk -v a="$shard_total" -v b="$T_WALL" 'BEGIN { print a + b }')
  (( T_RSS > shard_max_rss )) && shard_max_rss=$T_RSS
  rows+="| shard $i/$SHARDS | $T_WALL | $((T_RSS / 1024)) |"$'\n'
done
timed finalize "$BIN" finalize "$WORK/sharded"
fin_wall=$T_WALL fin_rss=$T_RSS
{
  echo "## Shards one after the other, then finalize (local disk, 2 threads each)"
  echo
  echo "| step | wall s | peak RSS MiB |"
  echo "|---|--:|--:|"
  echo "| one plain run | $single_wall | $((single_rss / 1024)) |"
  printf '%s' "$rows"
  echo "| all shards | $shard_total | $((shard_max_rss / 1024)) |"
  echo "| finalize | $fin_wall | $((fin_rss / 1024)) |"
  echo
  echo "Finalize's summary: \`$(grep '^finalize' "$WORK/finalize.out")\`."
  echo
} >>"$REPORT"

# ---- Ray: SHARDS tasks on 2 local workers against one plain run ------------------------
if [[ ${SKIP_RAY:-0} != 1 && -x $PY ]]; then
  fresh "$WORK/ray"
  timed ray env RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0 "$PY" dist/newsprint_ray.py --bin "$(realpath "$BIN")" \
    --input "$(realpath "$IN")" --output "$(realpath "$WORK")/ray" --shards "$SHARDS" --num-cpus 2 --threads 1
  ray_wall=$T_WALL
  {
    echo "## Ray: $SHARDS shards on a local Ray with 2 CPUs (one thread each), finalize included"
    echo
    echo "| what | wall s |"
    echo "|---|--:|"
    echo "| one plain run, 2 threads | $single_wall |"
    echo "| Ray driver, start to end (Ray's own start-up included) | $ray_wall |"
    echo
    echo "Engine overhead: $(awk -v a="$ray_wall" -v b="$single_wall" 'BEGIN { printf "%.1f", (a / b - 1) * 100 }')% (target ≤ 15%)."
    echo
  } >>"$REPORT"
fi

# ---- a bucket against local disk --------------------------------------------------------
if [[ ${SKIP_S3:-0} != 1 && -x $PY ]]; then
  SMALL=$WORK/in-s3
  if [[ ! -d $SMALL ]]; then
    "$BIN" gen-corpus --from "$CORPORA/text-bbc-news" --out "$SMALL" --count 10000
  fi
  "$PY" dist/s3_server.py --bucket news --env-file "$WORK/s3.env" >/dev/null 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 50); do [[ -s $WORK/s3.env ]] && break; sleep 0.2; done
  set -a; . "$WORK/s3.env"; set +a
  "$PY" - "$SMALL" <<'PYEOF'
import boto3, pathlib, sys
root = pathlib.Path(sys.argv[1])
s3 = boto3.client("s3")
for p in root.rglob("*"):
    if p.is_file():
        s3.upload_file(str(p), "news", "raw/" + p.relative_to(root).as_posix())
PYEOF
  fresh "$WORK/local-small"
  timed local-small "$BIN" run --input "$SMALL" --output "$WORK/local-small" --threads 2 -q
  local_wall=$T_WALL
  rm -rf "${TMPDIR:-/tmp}/newsprint-work"
  fresh "$WORK/s3-in"
  timed s3-in "$BIN" run --input s3://news/raw --output "$WORK/s3-in" --threads 2 -q
  s3_in=$T_WALL
  rm -rf "${TMPDIR:-/tmp}/newsprint-work"
  timed s3-both "$BIN" run --input s3://news/raw --output s3://news/out --threads 2 -q
  s3_both=$T_WALL s3_rss=$T_RSS
  {
    echo "## A bucket against local disk: 10,000 articles, local S3 server (moto, in memory)"
    echo
    echo "| inputs → output | wall s |"
    echo "|---|--:|"
    echo "| local → local (plain run) | $local_wall |"
    echo "| s3:// → local (one shard of one, finalized) | $s3_in |"
    echo "| s3:// → s3:// | $s3_both (peak RSS $((s3_rss / 1024)) MiB) |"
    echo
  } >>"$REPORT"
fi
cat "$REPORT"
