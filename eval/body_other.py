#!/usr/bin/env python3
"""Body text on the HTML corpora besides the article-extraction benchmark, each scored by its
own ground truth (see each corpus's SOURCE.md), so that a change that helps the benchmark can
be checked for losses elsewhere:

- html-fundus, html-newspaper4k: the benchmark's shingle P/R/F1 against the gold body;
- html-trafilatura: the "with" snippets that must appear in the body and the "without" ones
  that must not (P/R/F1 over snippets);
- html-goose3: the first 200 characters of goose3's expected `cleaned_text` found in ours.

Usage: eval/body_other.py [--corpora DIR] [--bin PATH] [--html-extractor trafilatura|native|auto]. Reads the corpora by path.
"""
import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import metadata as M  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def norm(s):
    return re.sub(r"\s+", " ", s or "").strip()


def our_texts(binary, name, root, tmp):
    pages, inputs = M.LOADERS[name](root)
    preds, rejects, _wall = M.run_newsprint(binary, inputs, tmp / name, None)
    ours = {k: v.text or "" for k, v in M.match_pages(pages, preds).items()}
    return pages, ours, rejects


def prf(p, r):
    return f"P {p:.3f}  R {r:.3f}  F1 {2 * p * r / (p + r) if p + r else 0:.3f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", default=str(ROOT.parent / "shared" / "corpora"))
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "newsprint"))
    ap.add_argument("--html-extractor", choices=["trafilatura", "native", "auto"], default=None,
                    help="newsprint --html-extractor (default: the pipeline's)")
    args = ap.parse_args()
    M.HTML_EXTRACTOR = args.html_extractor
    corpora, binary = Path(args.corpora), Path(args.bin)
    tmp = Path(tempfile.mkdtemp(prefix="np-body-"))
    print("== body text on the other HTML corpora (each by its own ground truth) ==")
    for name in ["html-fundus", "html-newspaper4k", "html-trafilatura", "html-goose3"]:
        root = corpora / name
        if not root.is_dir():
            print(f"{name:18} not found under {corpora}")
            continue
        pages, ours, rejects = our_texts(binary, name, root, tmp)
        head = f"{name:18} {len(ours)} articles, {len(rejects)} rejects:"
        if name in ("html-fundus", "html-newspaper4k"):
            ps, rs = [], []
            for p in pages:
                if not p.body:
                    continue
                pp, rr = M.body_pr(p.body, ours.get(p.key, ""))
                if pp is not None:
                    ps.append(pp)
                if rr is not None:
                    rs.append(rr)
            print(f"{head} shingles {prf(sum(ps) / len(ps), sum(rs) / len(rs))} ({len(rs)} pages)")
        elif name == "html-trafilatura":
            ev = json.loads((root / "evaldata.json").read_text())
            by_file = {v["file"]: v for v in ev.values()}
            tp = fn = fp = 0
            for p in pages:
                g = by_file.get(Path(p.key).name[:-3])
                if not g:
                    continue
                t = norm(ours.get(p.key, ""))
                for s in g.get("with") or []:
                    tp, fn = (tp + 1, fn) if norm(s) in t else (tp, fn + 1)
                for s in g.get("without") or []:
                    fp += norm(s) in t
            print(f"{head} snippets {prf(tp / (tp + fp), tp / (tp + fn))} "
                  f"('with' found {tp}/{tp + fn}, 'without' present {fp})")
        else:
            ok = n = 0
            for p in pages:
                jf = Path(p.path).with_suffix(".json")
                if not jf.exists():
                    continue
                ct = (json.loads(jf.read_text()).get("expected") or {}).get("cleaned_text")
                if not ct:
                    continue
                n += 1
                start = norm(ct)[:200]
                ok += bool(start) and start in norm(ours.get(p.key, ""))
            print(f"{head} opening 200 chars of the expected text found on {ok}/{n} pages")


if __name__ == "__main__":
    main()
