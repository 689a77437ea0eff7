#!/usr/bin/env python3
"""Error analysis for eval/metadata.py.

1. Sorts newsprint's title, date and author misses on the three issue-3 corpora into classes,
   using where the gold value and our value sit in the page (<h1>, <title>, <meta>, JSON-LD,
   <time datetime>, elements with an author/byline class).
2. Simulates a few title-source orders on the same pages (exact and lenient accuracy), to size
   the gain of changing where the title comes from.

    .venv/bin/python eval/metadata_analysis.py [--corpora ../shared/corpora] [--examples 4]

Runs target/release/newsprint once per corpus into a temporary folder (niced). The classes are
rules of thumb; read `eval/metadata.py --misses title,date,authors` for the page-by-page view.
"""
import argparse
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import metadata as M  # noqa: E402

EMBEDDED = re.compile(r"ImageObject|VideoObject|Claim\.|Photograph|AudioObject")


def typo(s: str) -> str:
    return M.nws(s.translate(M._QUOTES).replace("\u2026", "..."))


def title_class(p, pr, corpus) -> str:
    if (corpus, p.key, "title") in M.GOLD_ERRATA:
        return "gold error"
    if pr is None or not pr.title:
        return "no article or no title (page rejected)"
    src = M.page_sources(p.path)
    gex = M._where(src, lambda v: M.title_exact(v, p.title))
    gle = M._where(src, lambda v: M.title_lenient(v, p.title))
    ours = M._where(src, lambda v: M.title_exact(v, pr.title))
    if typo(pr.title) == typo(p.title):
        return "typography: curly quotes/dashes/ellipsis made ASCII (or the reverse)"
    if typo(pr.title).casefold() == typo(p.title).casefold():
        return "letter case (gold upper-cased by CSS, or ours Title Case)"
    if M.title_lenient(pr.title, p.title) or M.nws(p.title).casefold() in M.nws(pr.title).casefold():
        clean = any(k == "h1" or "headline" in k for k in gex + gle)
        return ("site/section/date suffix or prefix kept (og:title/<title>)"
                + ("; the clean title is in <h1>/JSON-LD headline" if clean else ""))
    if not gex and not gle:
        return "gold in no <h1>/<title>/meta/JSON-LD (visible text, or the gold's own choice)"
    if any("headline" in k for k in gex) and "h1" not in gex and "h1" in ours:
        return "gold = JSON-LD headline; ours = the visible <h1> (= og:title)"
    if any(k.startswith(("meta[og:", "meta[twitter:")) for k in ours) and \
            any(k == "h1" or "headline" in k for k in gex + gle):
        return "another headline in og:title/<title> (social/SEO) chosen over <h1>/JSON-LD headline"
    if "h1" in ours:
        return "a generic <h1> (site or section name) chosen"
    return "other"


def date_class(p, pr, corpus) -> str:
    if (corpus, p.key, "date") in M.GOLD_ERRATA:
        return "gold error (day and month swapped in the gold)"
    if pr is None:
        return "no article (page rejected)"
    src = M.page_sources(p.path)
    g = M._where(src, lambda v: M._day_of(v) == p.date[0])
    o = M._where(src, lambda v: pr.date is not None and M._day_of(v) == pr.date)
    if pr.date is None:
        gp = [x for x in g if "modif" not in x.lower()]
        return "no date found" + (f"; gold day in {', '.join(gp)}" if gp else "")
    if any(EMBEDDED.search(k) for k in o) and not any(k.startswith("ld:") and not EMBEDDED.search(k)
                                                       and "datePublished" in k for k in o):
        return "date of an embedded JSON-LD object (ImageObject/VideoObject/Claim) taken"
    if abs((pr.date - p.date[0]).days) == 1:
        return f"off by one day (time zone / edition day); ours in {o[:2] or 'text'}, gold in {g[:2] or 'text'}"
    if any("modif" in k.lower() for k in o) and not any("publish" in k.lower() for k in o):
        return "modified date taken"
    if g and o:
        return f"wrong source: gold in {g[:3]}, ours in {o[:3]}"
    if g:
        return f"gold in {g[:3]} not used; ours from the visible text"
    return "gold only in the visible text; ours another visible date"


def author_class(p, pr, corpus) -> str:
    if (corpus, p.key, "authors") in M.GOLD_ERRATA:
        return "gold error"
    if pr is None:
        return "no article"
    gs = M.author_set(p.authors)
    os_ = M.author_set(pr.authors)
    src = M.page_sources(p.path)
    g = M._where(src, lambda v: bool(M.author_set(M.split_names(v)) & gs) or M.norm_name(v) in gs)

    def nodot(names):
        return {re.sub(r"[.\s]+", " ", x).strip() for x in names}

    if os_ and nodot(os_) == nodot(gs):
        return 'periods dropped from names ("Miguel A. Herguedas" -> "Miguel A Herguedas", "ndr.de" -> "NDR de")'
    if not os_ and any(k.startswith("ld:") for k in g):
        return "none; gold (often an organisation/agency/site) is in JSON-LD author.name and was dropped"
    if not os_ and g:
        return f"none; gold in {g[:2]}"
    if not os_:
        return "none; gold only in the visible text"
    if os_ < gs:
        return "partial: a second author or agency in the same JSON-LD/byline dropped"
    if gs < os_:
        return "extra names (site, agency or junk added)"
    if not g:
        return "wrong name; gold only in the visible text"
    return f"wrong name (site name, junk or another person); gold in {g[:2]}"


def classify(corpora: Path, binary: Path):
    res = {}
    for corpus in M.TARGET_CORPORA:
        pages, inputs = M.LOADERS[corpus](corpora / corpus)
        preds, _, _ = M.run_newsprint(binary, inputs, Path(tempfile.mkdtemp()) / corpus, None)
        by_base = {Path(k).name: k for k in preds}
        ours = {p.key: preds.get(p.key) or preds.get(by_base.get(Path(p.key).name)) for p in pages}
        cats = {f: defaultdict(list) for f in ("title", "date", "authors")}
        for p in pages:
            pr = ours[p.key]
            if p.title and not M.title_exact(pr and pr.title, p.title):
                cats["title"][title_class(p, pr, corpus)].append(p.key)
            if p.date and not M.date_ok(pr, p.date):
                cats["date"][date_class(p, pr, corpus)].append(p.key)
            if p.authors and M.author_set(p.authors) != M.author_set(pr.authors if pr else []):
                cats["authors"][author_class(p, pr, corpus)].append(p.key)
        res[corpus] = cats
    return res


def print_classes(res, examples: int):
    for corpus, cats in res.items():
        print(f"\n===== {corpus}")
        for field, d in cats.items():
            print(f" -- {field}: {sum(len(v) for v in d.values())} misses")
            for c, keys in sorted(d.items(), key=lambda kv: -len(kv[1])):
                eg = ", ".join(re.sub(r"\.html(\.gz)?$|\.gz$", "", Path(k).name) for k in keys[:examples])
                print(f"   {len(keys):3d}  {c}\n         e.g. {eg}")


# ----------------------------------------------------------------------------- title orders
def _first(src, pred):
    for k, vs in src.items():
        if pred(k):
            for v in vs:
                if v.strip():
                    return M.nws(v)
    return None


def ld_headline(src):
    return _first(src, lambda k: re.match(r"ld:.*(Article|Posting|Report).*\.headline$", k))


def h1(src):
    hs = [M.nws(v) for v in src.get("h1", []) if M.nws(v)]
    return hs[0] if hs else None


def og_title(src):
    return _first(src, lambda k: k == "meta[og:title]")


def html_title(src):
    return _first(src, lambda k: k == "title")


def strip_site(t, src):
    """Drop a trailing segment after a separator when it is the site name or short."""
    if not t:
        return t
    site = _first(src, lambda k: k == "meta[og:site_name]")
    parts = re.split(r"\s+(?:\||-|–|—|::|·|•|»|:|｜)\s+|\s*[｜：]\s*", t)
    if len(parts) > 1:
        last = parts[-1].strip()
        if (site and (last.casefold() in site.casefold() or site.casefold() in last.casefold())) \
                or len(last) <= 30:
            return M.nws(t[: t.rfind(last)].rstrip(" |-–—:·•»｜："))
    return t


def confirmed_h1(src):
    h = h1(src)
    meta = [x for x in (og_title(src), html_title(src), ld_headline(src)) if x]
    return h if h and any(h.casefold() in m.casefold() for m in meta) else None


ORDERS = {
    "A: JSON-LD headline > h1 > og:title > <title>":
        lambda s: ld_headline(s) or h1(s) or og_title(s) or html_title(s),
    "B: h1 > JSON-LD headline > og:title > <title>":
        lambda s: h1(s) or ld_headline(s) or og_title(s) or html_title(s),
    "C: JSON-LD headline > h1 found in og:title/<title> > og:title minus site suffix":
        lambda s: ld_headline(s) or confirmed_h1(s) or strip_site(og_title(s) or html_title(s), s),
    "D: h1 found in og:title/<title>/headline > JSON-LD headline > og:title minus suffix":
        lambda s: confirmed_h1(s) or ld_headline(s) or strip_site(og_title(s) or html_title(s), s),
}


def simulate(corpora: Path):
    for corpus in M.TARGET_CORPORA:
        pages, _ = M.LOADERS[corpus](corpora / corpus)
        pages = [p for p in pages if p.title]
        srcs = {p.key: M.page_sources(p.path) for p in pages}
        print(f"{corpus} ({len(pages)} pages with a gold title)")
        for label, f in ORDERS.items():
            ex = sum(M.title_exact(f(srcs[p.key]), p.title) for p in pages)
            le = sum(M.title_lenient(f(srcs[p.key]) or "", p.title) for p in pages)
            print(f"   {label:<84} exact {100 * ex / len(pages):5.1f}%  lenient {100 * le / len(pages):5.1f}%")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", default=str(M.ROOT / ".." / "shared" / "corpora"))
    ap.add_argument("--bin", default=str(M.ROOT / "target" / "release" / "newsprint"))
    ap.add_argument("--examples", type=int, default=4)
    a = ap.parse_args()
    corpora = Path(a.corpora).resolve()
    print("== newsprint misses by class (where the gold value sits in the page) ==")
    print_classes(classify(corpora, Path(a.bin)), a.examples)
    print("\n== title: accuracy if the title came from these sources, in this order ==")
    simulate(corpora)


if __name__ == "__main__":
    main()
