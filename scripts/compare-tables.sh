#!/usr/bin/env bash
# Every published table of the shared corpora, byte for byte: what a change that should not
# change output (a refactor, a speed-up) must pass.
#
#   scripts/compare-tables.sh OLD_BIN NEW_BIN [CORPORA]  two binaries, one against the other
#   scripts/compare-tables.sh --check BIN [CORPORA]      BIN against the recorded digests
#   scripts/compare-tables.sh --record BIN [CORPORA]     record BIN's digests
#
# The recorded digests (tests/golden/tables.md5) are the tables of the code that recorded
# them; CI checks every commit against them, so a change of output shows as a change of that
# file in the same commit, with the reason in its message. Prints one line per corpus and
# extractor, and exits 1 if any table differs. Skips when the corpora are not there.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
golden="$here/tests/golden/tables.md5"
mode=pair
case "${1:-}" in
  --check | --record) mode="${1#--}"; shift ;;
esac
if [ "$mode" = pair ]; then
  old="$1"; new="$2"; corpora="${3:-../shared/corpora}"
else
  new="$1"; corpora="${2:-../shared/corpora}"
fi
if [ ! -d "$corpora" ]; then
  echo "skipped: $corpora is not there"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# "corpus extractor path md5" for each published table file of one run of BIN.
tables_of() {
  local bin="$1" corpus="$2" extractor="$3" out="$work/run"
  "$bin" run --input "$corpora/$corpus" --output "$out" -q --html-extractor "$extractor" \
    >/dev/null 2>"$work/err" || { echo "$corpus ($extractor): $bin failed" >&2; cat "$work/err" >&2; return 1; }
  (cd "$out" && find . -name '*.parquet' -not -path './_stages/*' | sort | xargs md5sum) |
    awk -v c="$corpus" -v e="$extractor" '{print c, e, $2, $1}'
  rm -rf "$out" "$work/.run".*
}

runs() {
  for corpus in text-bbc-news article-extraction-benchmark warc-samples html-fundus \
    html-newspaper4k html-encoding-samples html-trafilatura html-goose3 jsonl; do
    [ -d "$corpora/$corpus" ] || continue
    for extractor in trafilatura native auto; do
      case "$corpus" in text-bbc-news | jsonl) [ "$extractor" != trafilatura ] && continue ;; esac
      echo "$corpus $extractor"
    done
  done
}

if [ "$mode" = record ]; then
  mkdir -p "$(dirname "$golden")"
  runs | while read -r corpus extractor; do tables_of "$new" "$corpus" "$extractor"; done >"$work/all"
  mv "$work/all" "$golden"
  echo "recorded $(wc -l <"$golden") tables in ${golden#"$here"/}"
  exit 0
fi

status=0
while read -r corpus extractor; do
  tables_of "$new" "$corpus" "$extractor" >"$work/new" || { status=1; continue; }
  if [ "$mode" = pair ]; then
    tables_of "$old" "$corpus" "$extractor" >"$work/old" || { status=1; continue; }
  else
    grep "^$corpus $extractor " "$golden" >"$work/old" || true
  fi
  if cmp -s "$work/old" "$work/new"; then
    echo "same       $corpus ($extractor): $(wc -l <"$work/new") files"
  else
    echo "DIFFERENT  $corpus ($extractor):"
    { diff "$work/old" "$work/new" || true; } | sed 's/^/  /' | head -20
    status=1
  fi
done < <(runs)
exit $status
