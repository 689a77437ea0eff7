#!/usr/bin/env bash
# Runs two newsprint binaries over the shared corpora and compares every published table
# byte for byte: what a change that should not change output (a refactor, a speed-up) must
# pass. Usage: scripts/compare-tables.sh OLD_BIN NEW_BIN [CORPORA_DIR]
# Prints one line per corpus and extractor, and exits 1 if any table differs.
set -euo pipefail
old="$1"
new="$2"
corpora="${3:-../shared/corpora}"
if [ ! -d "$corpora" ]; then
  echo "skipped: $corpora is not there"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
# Each published table file and its checksum, by path inside the dataset.
digest() { (cd "$1" && find . -name '*.parquet' -not -path './_stages/*' | sort | xargs md5sum); }
for corpus in text-bbc-news article-extraction-benchmark warc-samples html-fundus \
  html-newspaper4k html-encoding-samples html-trafilatura html-goose3 jsonl; do
  [ -d "$corpora/$corpus" ] || continue
  for extractor in trafilatura native; do
    case "$corpus" in text-bbc-news | jsonl) [ "$extractor" = native ] && continue ;; esac
    for side in old new; do
      bin="${!side}"
      "$bin" run --input "$corpora/$corpus" --output "$work/$side" -q \
        --html-extractor "$extractor" >/dev/null 2>"$work/$side.err" ||
        { echo "$corpus ($extractor): $side binary failed"; cat "$work/$side.err"; status=1; }
      digest "$work/$side" >"$work/$side.md5"
      rm -rf "$work/$side" "$work/.$side".*
    done
    if cmp -s "$work/old.md5" "$work/new.md5"; then
      echo "same       $corpus ($extractor): $(wc -l <"$work/new.md5") files"
    else
      echo "DIFFERENT  $corpus ($extractor):"
      diff "$work/old.md5" "$work/new.md5" | sed 's/^/  /' | head -20
      status=1
    fi
  done
done
exit $status
