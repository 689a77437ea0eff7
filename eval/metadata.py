#!/usr/bin/env python3
"""HTML metadata evaluation for newsprint (issue 3): title, publication date, authors, body.

For each corpus this runs `target/release/newsprint run` over the corpus's HTML pages into a
temporary dataset, joins the articles table to the corpus's ground truth by file name, and
scores each field. Python trafilatura 2.3.1 (from bench/.venv, when it exists) runs on the
same pages in the same run and is scored by the same code.

    .venv/bin/python eval/metadata.py [--corpora ../shared/corpora] [--corpus html-fundus ...]
                                      [--no-peer] [--misses title,date,authors] [--dump out.jsonl]

Corpora (read in place, never copied):
  html-fundus       200 pages; gold title, publishing_date, authors, body (<Publisher>.json,
                    k-th parser version = k-th page by crawl date), URL from meta.info
  html-newspaper4k  30 pages; gold metadata/*.json (newspaper4k's expected output) for 20,
                    txt/*.txt body for 23 of the pages
  html-trafilatura  321 pages; gold evaldata.json (title 189, date 89, author 37; no full body)
  html-goose3       98 pages; a few hand-made title/date/author fixtures (extra, not a target)

Scores (see eval/README.md for the exact definitions):
  title     exact after NFC + whitespace collapse; lenient: casefold, unified quotes/dashes,
            a trailing " | Site" / " - Site" segment may be dropped on either side
  date      same calendar day as the gold date's local day, over pages whose gold has a date
  authors   set equality of normalised names, over pages whose gold lists authors; plus
            per-name precision/recall (micro) and spurious authors on pages with no gold author
  body      article-extraction-benchmark metric: multiset of 4-token shingles of \\w+ tokens;
            P = mean p over non-empty predictions, R = mean r over pages with gold, F1

The peer mode (`--peer-worker`) runs inside bench/.venv: it reads {"id","path","url"} JSON lines
on stdin and writes trafilatura's title/date/author/text per page as JSON lines.
"""
from __future__ import annotations

import argparse
import datetime as dt
import glob
import gzip
import functools
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_CORPORA = ["html-fundus", "html-newspaper4k", "html-trafilatura"]
EXTRA_CORPORA = ["html-goose3"]


# --------------------------------------------------------------------------- peer worker
def peer_worker() -> int:
    """Run trafilatura on the pages listed on stdin (inside bench/.venv, stdlib + trafilatura)."""
    import logging
    logging.disable(logging.CRITICAL)
    import trafilatura

    for line in sys.stdin:
        job = json.loads(line)
        out = {"id": job["id"], "title": None, "date": None, "author": None, "text": None,
               "error": None, "fallback": False}
        t0 = time.process_time()
        try:
            raw = _read_bytes(job["path"])
            res = trafilatura.extract(raw, output_format="json", with_metadata=True,
                                      url=job.get("url") or None)
            if res:
                d = json.loads(res)
                out.update(title=d.get("title"), date=d.get("date"), author=d.get("author"),
                           text=d.get("text") or "")
            else:
                # extract() returns None when it finds no body; keep its metadata anyway
                # (fairer to the peer than scoring every field wrong).
                md = trafilatura.extract_metadata(raw, default_url=job.get("url") or None)
                out["fallback"] = True
                if md is not None:
                    out.update(title=md.title, date=md.date, author=md.author, text="")
        except Exception as e:  # noqa: BLE001 - a peer crash is a miss, not a stop
            out["error"] = f"{type(e).__name__}: {e}"
        out["cpu_s"] = time.process_time() - t0
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


# --------------------------------------------------------------------------- gold loaders
class Page:
    __slots__ = ("key", "path", "url", "title", "date", "authors", "body", "is_article")

    def __init__(self, key, path, url=None, title=None, date=None, authors=None, body=None,
                 is_article=True):
        self.key = key          # source_file as newsprint reports it (relative to the input root)
        self.path = path        # absolute path of the page
        self.url = url
        self.title = title      # str or None (no gold)
        self.date = date        # (datetime.date local day, offset minutes or None, raw str) or None
        self.authors = authors  # list[str] or None (no gold); [] = gold says "no author"
        self.body = body        # str or None
        self.is_article = is_article


def parse_gold_date(s):
    """'2024-04-22 15:26:46+00:00', '2023-11-06T00:00:00', '2022-05-03' -> (day, offset_min, s)."""
    if s is None:
        return None
    s = str(s).strip()
    if not s or s.lower() in ("none", "null"):
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
                 r"\s*(Z|[+-]\d{2}:?\d{2})?)?", s)
    if not m:
        return None
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    if mo > 12 and d <= 12:     # one trafilatura annotation is written YYYY-DD-MM (2022-29-11)
        mo, d = d, mo
    day = dt.date(y, mo, d)
    off = None
    tz = m[7]
    if tz:
        if tz == "Z":
            off = 0
        else:
            sign = -1 if tz[0] == "-" else 1
            digits = tz[1:].replace(":", "")
            off = sign * (int(digits[:2]) * 60 + int(digits[2:]))
    return (day, off, s)


def load_fundus(root: Path):
    pages = []
    for jf in sorted(root.glob("*/*.json")):
        country = jf.parent.name
        pub = jf.stem
        meta = json.loads((jf.parent / "meta.info").read_text())
        gold = json.loads(jf.read_text())
        files = sorted(jf.parent.glob(f"{glob.escape(pub)}_*.html.gz"), key=lambda p: p.name[-18:])
        files = [f for f in files if re.fullmatch(re.escape(pub) + r"_\d{4}_\d{2}_\d{2}\.html\.gz", f.name)]
        for (ver, g), f in zip(gold.items(), files):
            body_parts = list(g.get("body", {}).get("summary") or [])
            for sec in g.get("body", {}).get("sections") or []:
                body_parts += list(sec.get("headline") or []) + list(sec.get("paragraphs") or [])
            pages.append(Page(
                key=f"{country}/{f.name}", path=str(f), url=meta.get(f.name, {}).get("url"),
                title=g.get("title") or None, date=parse_gold_date(g.get("publishing_date")),
                authors=list(g.get("authors") or []), body="\n".join(body_parts) or None))
    return pages, [str(root / "**" / "*.html.gz")]


NON_ARTICLES = {"cnn_main_site", "wired_main_site", "yahoo_main_site", "ap_meta_refresh",
                "google_meta_refresh", "sample_rss"}


def load_newspaper4k(root: Path):
    pages = []
    for f in sorted((root / "html").glob("*.html.gz")):
        name = f.name[: -len(".html.gz")]
        p = Page(key=f.name, path=str(f), is_article=name not in NON_ARTICLES)
        mf = root / "metadata" / f"{name}.json"
        if mf.exists():
            g = json.loads(mf.read_text())
            p.url = g.get("url")
            p.title = g.get("title") or None
            p.date = parse_gold_date(g.get("publish_date"))
            a = g.get("authors")
            p.authors = list(a) if isinstance(a, list) else None
        tf = root / "txt" / f"{name}.txt"
        if tf.exists():
            p.body = tf.read_text(encoding="utf-8", errors="replace") or None
        pages.append(p)
    return pages, [str(root / "html")]


def load_trafilatura(root: Path):
    ev = json.loads((root / "evaldata.json").read_text())
    by_file = {v["file"]: (u, v) for u, v in ev.items()}
    pages = []
    for sub in ("eval", "cache"):
        for f in sorted((root / sub).glob("*.gz")):
            orig = f.name[:-3]
            p = Page(key=f"{sub}/{f.name}", path=str(f))
            if orig in by_file:
                url, g = by_file[orig]
                p.url = url
                p.title = (g.get("title") or "").strip() or None
                p.date = parse_gold_date(g.get("date"))
                a = (g.get("author") or "").strip()
                # No author annotation = no gold (the annotators left it blank when unsure).
                p.authors = split_names(a) if a else None
            pages.append(p)
    return pages, [str(root / "eval"), str(root / "cache")]


def load_goose3(root: Path):
    pages = []
    for f in sorted(root.glob("*/*.html")):
        p = Page(key=f"{f.parent.name}/{f.name}", path=str(f))
        jf = f.with_suffix(".json")
        if jf.exists():
            d = json.loads(jf.read_text())
            e = d.get("expected") or {}
            p.url = d.get("url")
            p.title = e.get("title") or None
            p.date = parse_gold_date(e.get("publish_date"))
            if p.date is None and e.get("publish_date"):
                # 'Sun Nov 23 16:00:00 EDT 2014'
                m = re.match(r"\w{3} (\w{3}) (\d{1,2}) [\d:]+ \w+ (\d{4})", e["publish_date"])
                if m:
                    day = dt.datetime.strptime(f"{m[1]} {m[2]} {m[3]}", "%b %d %Y").date()
                    p.date = (day, None, e["publish_date"])
            p.authors = list(e["authors"]) if e.get("authors") else None
        pages.append(p)
    return pages, [str(root / "**" / "*.html")]


# Gold values checked against the page and found wrong. They stay in the main figures; the
# report adds a line with them left out. (corpus, page key, field) -> what is wrong.
GOLD_ERRATA = {
    ("html-fundus", "de/KlasseGegenKlasse_2026_01_07.html.gz", "date"):
        "gold 2026-06-01; the page says 06.01.2026 (day and month swapped)",
    ("html-fundus", "tr/AnadoluAjansi_2025_04_05.html.gz", "date"):
        "gold 2025-05-04; the page says 05.04.2025 (day and month swapped)",
    ("html-newspaper4k", "wired_001.html.gz", "authors"):
        "gold lists 10 names: the author plus bylines of the related-stories rail",
    ("html-newspaper4k", "video_article_01.html.gz", "authors"):
        "gold is byline debris: 'Print', 'on December', 'at PM', 'updated', ...",
    ("html-newspaper4k", "yna_co_kr.html.gz", "authors"):
        "gold is 'www.facebook.com' (newspaper's article:author link)",
    ("html-trafilatura", "eval/7mind.de.grenzen.html.gz", "title"):
        "gold has a typo ('setzten'); the page says 'setzen' everywhere",
}

LOADERS = {"html-fundus": load_fundus, "html-newspaper4k": load_newspaper4k,
           "html-trafilatura": load_trafilatura, "html-goose3": load_goose3}


# --------------------------------------------------------------------------- normalisation
_ZW = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def nws(s: str) -> str:
    """NFC, zero-width characters and soft hyphens dropped, whitespace runs to one space."""
    return re.sub(r"\s+", " ", _ZW.sub("", unicodedata.normalize("NFC", s))).strip()


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"',
                         "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-",
                         "\u00a0": " "})
# A site/section/date segment: after " | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " * ",
# or a full-width "｜"/"："/"ㅣ" (Japanese/Korean sites), at the end or (for "|") at the start.
_SEG_END = re.compile(r"(?:\s+(?:\||-|\u2013|\u2014|::|·|•|»|\*)\s+|\s*[\uff5c\uff1a\u3163]\s*)[^|\uff5c\uff1a]{1,60}$")
_SEG_START = re.compile(r"^[^|]{1,60}\s\|\s+")


def _tnorm(s: str) -> str:
    return nws(unicodedata.normalize("NFKC", s).translate(_QUOTES)).casefold()


def _stripped(s: str) -> set[str]:
    """s without up to three trailing segments, and without a leading "Site |" segment."""
    out, cur = set(), s
    for _ in range(3):
        nxt = _SEG_END.sub("", cur).strip()
        if not nxt or nxt == cur:
            break
        out.add(nxt)
        cur = nxt
    lead = _SEG_START.sub("", s).strip()
    if lead and lead != s:
        out.add(lead)
    return out


def title_exact(ours, gold) -> bool:
    return ours is not None and nws(ours) == nws(gold)


def title_lenient(ours, gold) -> bool:
    """Case-insensitive, NFKC, quotes/dashes unified, and a site segment may be dropped from ONE
    side (never from both, so "Topic: A - Site" does not match "Topic: B - Site")."""
    if ours is None:
        return False
    o, g = nws(ours), nws(gold)
    return (_tnorm(o) == _tnorm(g) or _tnorm(g) in {_tnorm(x) for x in _stripped(o)}
            or _tnorm(o) in {_tnorm(x) for x in _stripped(g)})


_SPLIT = re.compile(r"\s*(?:;|,|&|\bund\b|\band\b|\by\b|\bet\b)\s*", re.I)


def split_names(s: str) -> list[str]:
    return [x for x in (p.strip() for p in _SPLIT.split(s)) if x]


def norm_name(s: str) -> str:
    s = nws(unicodedata.normalize("NFKC", s)).casefold()
    return s.strip(" .,;:-|·")


def author_set(names) -> set[str]:
    return {n for n in (norm_name(x) for x in names or []) if n}


# --------------------------------------------------------------------------- body metric
_TOK = re.compile(r"\w+")


def shingles(text: str) -> Counter:
    toks = _TOK.findall(text or "")
    if not toks:
        return Counter()
    if len(toks) < 4:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i:i + 4]) for i in range(len(toks) - 3))


def body_pr(truth: str, pred: str):
    t, p = shingles(truth), shingles(pred)
    tp = sum(min(n, t[s]) for s, n in p.items())
    fp = sum(max(0, n - t[s]) for s, n in p.items())
    fn = sum(max(0, n - p[s]) for s, n in t.items())
    ratio = (lambda a, b: 1.0 if a + b == 0 else a / (a + b))
    return (ratio(tp, fp) if p else None), (ratio(tp, fn) if t else None)


# --------------------------------------------------------------------------- predictions
class Pred:
    __slots__ = ("title", "authors", "byline", "date", "date_utc", "precision", "tz", "text",
                 "src", "site", "modified")

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw.get(k))


def match_pages(pages, preds):
    """Each gold page's prediction: newsprint's source_file is relative to the input root;
    map by it, else by file name."""
    by_base = {}
    for k in preds:
        by_base.setdefault(os.path.basename(k), k)
    ours = {}
    for p in pages:
        k = p.key if p.key in preds else by_base.get(os.path.basename(p.key))
        if k is not None:
            ours[p.key] = preds[k]
    return ours


# The HTML extractor newsprint runs with (None: the pipeline's default); set by --html-extractor
# here and in body_other.py.
HTML_EXTRACTOR = None


def run_newsprint(binary: Path, inputs: list[str], out: Path, threads: int | None):
    cmd = ["nice", "-n", "10", str(binary), "run", "--input", *inputs, "--output", str(out),
           "-q", "--force"]
    if threads:
        cmd += ["--threads", str(threads)]
    if HTML_EXTRACTOR:
        cmd += ["--html-extractor", HTML_EXTRACTOR]
    t0 = time.time()
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if r.returncode != 0:
        sys.exit(f"newsprint failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr[-2000:]}")
    wall = time.time() - t0
    import pyarrow.parquet as pq
    files = sorted(glob.glob(str(out / "articles" / "*.parquet")))
    cols = ["source_file", "title", "authors", "byline_raw", "published_at", "published_date",
            "published_precision", "published_tz_offset_min", "text", "site_name", "modified_at"]
    preds: dict[str, Pred] = {}
    if files:
        for row in pq.read_table(files, columns=cols).to_pylist():
            key = row["source_file"]
            if key in preds:      # several records from one file: keep the first
                continue
            preds[key] = Pred(title=row["title"], authors=row["authors"], byline=row["byline_raw"],
                              date=row["published_date"], date_utc=row["published_at"],
                              precision=row["published_precision"],
                              tz=row["published_tz_offset_min"], text=row["text"],
                              site=row["site_name"], modified=row["modified_at"])
    rejects = {}
    rfiles = sorted(glob.glob(str(out / "rejects" / "*.parquet")))
    if rfiles:
        for row in pq.read_table(rfiles, columns=["source_file", "reason"]).to_pylist():
            rejects.setdefault(row["source_file"], row["reason"])
    return preds, rejects, wall


def run_peer(python: Path, pages: list[Page]):
    jobs = "".join(json.dumps({"id": p.key, "path": p.path, "url": p.url}) + "\n" for p in pages)
    t0 = time.time()
    r = subprocess.run(["nice", "-n", "10", str(python), str(Path(__file__).resolve()),
                        "--peer-worker"], input=jobs, capture_output=True, text=True)
    wall = time.time() - t0
    if r.returncode != 0:
        print(f"  (trafilatura worker failed: {r.stderr[-500:]})", file=sys.stderr)
    preds, cpu, fallbacks, errors = {}, 0.0, 0, 0
    for line in r.stdout.splitlines():
        d = json.loads(line)
        cpu += d.get("cpu_s", 0.0)
        if d.get("error"):
            errors += 1
            continue
        fallbacks += bool(d.get("fallback"))
        day = None
        if d.get("date"):
            g = parse_gold_date(d["date"])
            day = g[0] if g else None
        # trafilatura joins several authors with "; "
        authors = [a for a in (x.strip() for x in (d.get("author") or "").split(";")) if a]
        preds[d["id"]] = Pred(title=d.get("title"), authors=authors, byline=d.get("author"),
                              date=day, text=d.get("text"), precision="day")
    return preds, wall, cpu, fallbacks, errors


# --------------------------------------------------------------------------- scoring
def date_ok(pred: Pred | None, gold) -> bool:
    """Our local publication day equals the gold's day as written.

    The gold day is the date part of the gold string, in the gold's own offset. Ours is
    `published_date` (the local day as the page wrote it). When the gold carries an offset
    and ours has a time, the instant `published_at` seen in the gold's offset also counts:
    fundus sometimes writes the UTC instant (+00:00) of a page that says +02:00.
    """
    if pred is None or gold is None:
        return False
    day, off, _ = gold
    if pred.date == day:
        return True
    if off is not None and pred.date_utc is not None and pred.precision not in ("day", "month", "year"):
        return (pred.date_utc + dt.timedelta(minutes=off)).date() == day
    return False


# --------------------------------------------------------------------------- ceiling
_MONTHS = {  # month names as pages write them (en, de, fr, es, it, nl, pt), lowercased
    1: ["january", "jan", "januar", "jänner", "janvier", "enero", "gennaio", "januari", "janeiro"],
    2: ["february", "feb", "februar", "février", "febrero", "febbraio", "februari", "fevereiro"],
    3: ["march", "mar", "märz", "mars", "marzo", "maart", "março"],
    4: ["april", "apr", "avril", "abril", "aprile"],
    5: ["may", "mai", "mayo", "maggio", "mei", "maio"],
    6: ["june", "jun", "juni", "juin", "junio", "giugno", "junho"],
    7: ["july", "jul", "juli", "juillet", "julio", "luglio", "julho"],
    8: ["august", "aug", "août", "agosto", "augustus"],
    9: ["september", "sep", "sept", "septembre", "septiembre", "settembre", "setembro"],
    10: ["october", "oct", "oktober", "octobre", "octubre", "ottobre", "okt", "outubro"],
    11: ["november", "nov", "novembre", "noviembre", "novembro"],
    12: ["december", "dec", "dezember", "décembre", "diciembre", "dicembre", "dez", "dezembro"],
}


@functools.lru_cache(maxsize=4)
def _page_haystacks(path: str) -> tuple[str, str]:
    """The page's raw markup and its text, entities decoded and whitespace collapsed: the
    first holds attribute values (metas, JSON-LD), the second what a reader sees."""
    import html as html_lib
    raw = _read_bytes(path).decode("utf-8", errors="replace")
    markup = nws(html_lib.unescape(raw))
    text = nws(html_lib.unescape(re.sub(r"<[^>]*>", " ", raw)))
    return markup, text


def _day_forms(d: dt.date) -> list[str]:
    """How pages write a day: ISO and compact numbers, day-first and month-first with . / -,
    and "12 March 2024", "12. März 2024", "March 12, 2024", "12 de marzo de 2024"; CJK."""
    y, m, dd = d.year, d.month, d.day
    forms = {d.isoformat(), f"{y}/{m:02d}/{dd:02d}", f"{y}{m:02d}{dd:02d}", f"{y}.{m:02d}.{dd:02d}",
             f"{y}年{m}月{dd}日", f"{y}년 {m}월 {dd}일", f"{y}. {m}. {dd}."}
    for a, b in ((dd, m), (m, dd)):
        for fa in (f"{a}", f"{a:02d}"):
            for fb in (f"{b}", f"{b:02d}"):
                for sep in (".", "/", "-"):
                    forms.add(f"{fa}{sep}{fb}{sep}{y}")
                    forms.add(f"{fa}{sep}{fb}{sep}{y % 100:02d}")
    for name in _MONTHS[m]:
        forms |= {f"{dd} {name} {y}", f"{dd}. {name} {y}", f"{dd:02d}. {name} {y}",
                  f"{name} {dd}, {y}", f"{name} {dd} {y}", f"{name}. {dd}, {y}",
                  f"{dd} de {name} de {y}", f"{dd} {name}. {y}", f"{dd}-{name}-{y}"}
    return [f.lower() for f in forms]


def on_page(page: Page, field: str) -> bool:
    """Whether the gold value occurs on the page at all (in its markup or its text), the
    ceiling for an extractor that reports what pages say. Dates: the gold day in one of the
    usual written forms, or a Unix time on that day; authors: every gold name."""
    markup, text = _page_haystacks(page.path)
    if field == "title":
        gold = nws(page.title)
        return gold in markup or gold in text
    if field == "date":
        low = (markup + " " + text).lower()
        day = page.date[0]
        if any(f in low for f in _day_forms(day)):
            return True
        for stamp in re.findall(r"\b1\d{9}\b", markup):
            if dt.datetime.fromtimestamp(int(stamp), dt.timezone.utc).date() == day:
                return True
        return False
    if field == "authors":
        low = (markup + " " + text).casefold()
        return all(norm_name(n) in low for n in page.authors or [] if norm_name(n))
    raise ValueError(field)


def score(pages: list[Page], preds: dict, with_body: bool):
    s = Counter()
    page_rows = []
    ps, rs = [], []
    for p in pages:
        pr = preds.get(p.key)
        row = {"key": p.key}
        s["pages"] += 1
        s["missing"] += pr is None
        if p.title is not None:
            s["title_n"] += 1
            ex, le = title_exact(pr and pr.title, p.title), title_lenient(pr and pr.title, p.title)
            s["title_ok"] += ex
            s["title_len_ok"] += le
            s["title_reach"] += ex or on_page(p, "title")
            row["title"] = (ex, le)
        if p.date is not None:
            s["date_n"] += 1
            ok = date_ok(pr, p.date)
            s["date_ok"] += ok
            s["date_reach"] += ok or on_page(p, "date")
            s["date_none"] += pr is None or pr.date is None
            row["date"] = ok
        if p.authors is not None:
            g = author_set(p.authors)
            o = author_set(pr.authors if pr else [])
            if g:
                s["auth_n"] += 1
                s["auth_ok"] += o == g
                s["auth_reach"] += o == g or on_page(p, "authors")
                s["auth_tp"] += len(o & g)
                s["auth_pred"] += len(o)
                s["auth_gold"] += len(g)
                s["auth_none"] += not o
                row["authors"] = o == g
            else:
                s["noauth_n"] += 1
                s["noauth_spurious"] += bool(o)
        if with_body and p.body:
            pp, rr = body_pr(p.body, pr.text if pr else "")
            if rr is not None:
                rs.append(rr)
                if pp is not None:
                    ps.append(pp)
                row["body"] = (pp, rr)
        page_rows.append(row)
    s["_rows"] = page_rows
    if rs:
        P = sum(ps) / len(ps) if ps else 0.0
        R = sum(rs) / len(rs)
        s["body_n"] = len(rs)
        s["body_P"], s["body_R"] = P, R
        s["body_F1"] = 2 * P * R / (P + R) if P + R else 0.0
    return s, page_rows


def pct(a, n):
    return f"{100 * a / n:5.1f}% ({a}/{n})" if n else "-"


def report(corpus, pages, results, notes):
    n_art = sum(p.is_article for p in pages)
    print(f"\n== {corpus}: {len(pages)} pages"
          + (f" ({len(pages) - n_art} not articles)" if n_art != len(pages) else "")
          + f"; gold: title {sum(p.title is not None for p in pages)}, "
          f"date {sum(p.date is not None for p in pages)}, "
          f"authors {sum(bool(p.authors) for p in pages)}, "
          f"body {sum(bool(p.body) for p in pages)} ==")
    names = list(results)
    w = 26
    print(f"  {'field':<30}" + "".join(f"{n:>{w}}" for n in names))

    def line(label, f):
        print(f"  {label:<30}" + "".join(f"{f(results[n][0]):>{w}}" for n in names))

    line("title exact", lambda s: pct(s["title_ok"], s["title_n"]))
    line("title lenient", lambda s: pct(s["title_len_ok"], s["title_n"]))
    line("date (same local day)", lambda s: pct(s["date_ok"], s["date_n"]))
    line("  date: none found", lambda s: pct(s["date_none"], s["date_n"]))
    line("authors (set equal)", lambda s: pct(s["auth_ok"], s["auth_n"]))
    line("  author names P", lambda s: pct(s["auth_tp"], s["auth_pred"]))
    line("  author names R", lambda s: pct(s["auth_tp"], s["auth_gold"]))
    line("  none found", lambda s: pct(s["auth_none"], s["auth_n"]))
    line("  authors where gold has none", lambda s: pct(s["noauth_spurious"], s["noauth_n"]))
    if any(results[n][0].get("body_n") for n in names):
        line("body P / R / F1", lambda s: (f"{s['body_P']:.3f}/{s['body_R']:.3f}/{s['body_F1']:.3f}"
                                           if s.get("body_n") else "-"))
        line("  pages with gold body", lambda s: str(s.get("body_n", "-")))
    line("no article (rejected/missing)", lambda s: str(s["missing"]))
    errata = {f: k for (c, k, f) in GOLD_ERRATA if c == corpus}
    if errata:
        def adj(s, field, ok, n):
            rows = {r["key"]: r for r in s["_rows"]}
            bad = [k for (c, k, f) in GOLD_ERRATA if c == corpus and f == field and k in rows
                   and field in rows[k]]
            if not bad:
                return "-"
            wrong_ok = sum(bool(rows[k][field] if field != "title" else rows[k][field][0]) for k in bad)
            return pct(s[ok] - wrong_ok, s[n] - len(bad))
        for field, ok, n in (("title", "title_ok", "title_n"), ("date", "date_ok", "date_n"),
                             ("authors", "auth_ok", "auth_n")):
            if field in errata:
                line(f"{field} w/o gold errors", lambda s, f=field, o=ok, nn=n: adj(s, f, o, nn))
    for n in notes:
        print(f"  {n}")


class _PageSources(__import__("html.parser").parser.HTMLParser):
    """Where a page states its metadata: <title>, <h1>, <meta>, <time datetime>, JSON-LD."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.src: dict[str, list[str]] = {}
        self._cap = None
        self._buf = []
        self._ld = False

    def add(self, k, v):
        if v and isinstance(v, str) and v.strip():
            self.src.setdefault(k, []).append(v.strip())

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = a.get("property") or a.get("name") or a.get("itemprop")
            if key and a.get("content"):
                self.add(f"meta[{key.lower()}]", a["content"])
        elif tag == "time" and a.get("datetime"):
            self.add("time[datetime]", a["datetime"])
        elif tag in ("title", "h1") and self._cap is None:
            self._cap, self._buf = tag, []
        elif tag == "script" and "ld+json" in a.get("type", "").lower():
            self._cap, self._buf, self._ld = "ld", [], True
        if tag in ("a", "span", "div", "p") and self._cap is None:
            cls = (a.get("class", "") + " " + a.get("rel", "")).lower()
            if re.search(r"author|byline", cls):
                self._cap, self._buf = "byline-class", []
                self._depth_tag = tag

    def handle_endtag(self, tag):
        if self._cap == "ld" and tag == "script":
            self._walk_ld("".join(self._buf))
            self._cap = None
        elif self._cap in ("title", "h1") and tag == self._cap:
            self.add(self._cap, " ".join("".join(self._buf).split()))
            self._cap = None
        elif self._cap == "byline-class" and tag == self._depth_tag:
            self.add("html[class~=author|byline]", " ".join("".join(self._buf).split()))
            self._cap = None

    def handle_data(self, data):
        if self._cap:
            self._buf.append(data)

    def _walk_ld(self, text):
        try:
            data = json.loads(text)
        except Exception:  # noqa: BLE001
            return

        def walk(o):
            if isinstance(o, list):
                for x in o:
                    walk(x)
            elif isinstance(o, dict):
                t = o.get("@type")
                t = ",".join(t) if isinstance(t, list) else str(t or "")
                for k in ("headline", "name", "alternativeHeadline", "datePublished", "dateModified",
                          "dateCreated", "uploadDate"):
                    v = o.get(k)
                    if isinstance(v, str) and (k != "name" or re.search(r"Article|Posting|WebPage|Report", t)):
                        self.add(f"ld:{t}.{k}", v)
                for k in ("author", "creator"):
                    v = o.get(k)
                    for a in (v if isinstance(v, list) else [v]):
                        if isinstance(a, dict):
                            self.add(f"ld:{t}.{k}.name", a.get("name") if isinstance(a.get("name"), str) else None)
                        elif isinstance(a, str):
                            self.add(f"ld:{t}.{k}", a)
                for v in o.values():
                    if isinstance(v, (list, dict)):
                        walk(v)
        walk(data)


def page_sources(path: str) -> dict[str, list[str]]:
    raw = _read_bytes(path).decode("utf-8", errors="replace")
    ps = _PageSources()
    try:
        ps.feed(raw)
        ps.close()
    except Exception:  # noqa: BLE001
        pass
    return ps.src


def _where(src, pred) -> list[str]:
    return sorted({k for k, vs in src.items() for v in vs if pred(v)})


def _day_of(v: str):
    g = parse_gold_date(v)
    if g:
        return g[0]
    if re.fullmatch(r"\d{10}(\d{3})?", v.strip()):
        return dt.datetime.fromtimestamp(int(v[:10]), dt.timezone.utc).date()
    return None


def explain(field, page, pr) -> str:
    """Which page sources hold the gold value, and which hold ours."""
    src = page_sources(page.path)
    if field == "title":
        g = _where(src, lambda v: title_exact(v, page.title))
        gl = _where(src, lambda v: title_lenient(v, page.title)) if not g else []
        o = _where(src, lambda v: title_exact(v, pr.title)) if pr and pr.title else []
        return f"gold in {g or ('~' + str(gl) if gl else 'none')}; ours in {o or 'none'}"
    if field == "date":
        day = page.date[0]
        g = _where(src, lambda v: _day_of(v) == day)
        o = _where(src, lambda v: pr is not None and pr.date is not None and _day_of(v) == pr.date)
        url_day = re.search(r"(20\d\d)[/-]?(\d\d)[/-]?(\d\d)", page.url or "")
        extra = f"; url {url_day[0]}" if url_day else ""
        return f"gold day in {g or 'none'}; ours in {o or 'none'}{extra}"
    if field == "authors":
        gs = author_set(page.authors)
        g = _where(src, lambda v: bool(author_set(split_names(v)) & gs) or norm_name(v) in gs)
        os_ = author_set(pr.authors if pr else [])
        o = _where(src, lambda v: bool(author_set(split_names(v)) & os_)) if os_ else []
        return f"gold names in {g or 'none'}; ours in {o or 'none'}"
    return ""


def show_misses(corpus, pages, preds, fields, limit):
    for field in fields:
        print(f"\n-- {corpus}: newsprint {field} misses --")
        shown = 0
        for p in pages:
            pr = preds.get(p.key)
            if field == "title" and p.title is not None and not title_exact(pr and pr.title, p.title):
                print(f"  {p.key}\n     gold: {p.title!r}\n     ours: {pr and pr.title!r}")
            elif field == "date" and p.date is not None and not date_ok(pr, p.date):
                print(f"  {p.key}\n     gold: {p.date[2]!r}\n     ours: {pr and pr.date} "
                      f"at={pr and pr.date_utc} prec={pr and pr.precision} tz={pr and pr.tz} "
                      f"mod={pr and pr.modified}")
            elif field == "authors" and p.authors and author_set(p.authors) != author_set(pr.authors if pr else []):
                print(f"  {p.key}\n     gold: {p.authors!r}\n     ours: {pr and pr.authors!r} "
                      f"byline={pr and pr.byline!r}")
            else:
                continue
            print(f"     {explain(field, p, pr)}")
            shown += 1
            if shown >= limit:
                break


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", default=None,
                    help="folder holding html-fundus/ etc. (default: ../shared/corpora from the repo)")
    ap.add_argument("--corpus", action="append",
                    help="score only this corpus (repeatable); default: the three issue-3 corpora "
                         "plus html-goose3")
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "newsprint"))
    ap.add_argument("--peer-python", default=str(ROOT / "bench" / ".venv" / "bin" / "python"))
    ap.add_argument("--no-peer", action="store_true", help="skip Python trafilatura")
    ap.add_argument("--threads", type=int, default=None, help="newsprint --threads")
    ap.add_argument("--html-extractor", choices=["trafilatura", "native", "auto"], default=None,
                    help="newsprint --html-extractor (default: the pipeline's)")
    ap.add_argument("--misses", default="", help="print newsprint misses for these fields "
                                                 "(comma list of title,date,authors)")
    ap.add_argument("--limit", type=int, default=40, help="misses shown per field and corpus")
    ap.add_argument("--dump", help="write per-page results (JSON lines) here")
    ap.add_argument("--keep", help="keep newsprint's datasets under this folder (default: a temp dir)")
    ap.add_argument("--peer-worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.peer_worker:
        return peer_worker()
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        venv_py = ROOT / ".venv" / "bin" / "python"
        if venv_py.exists() and Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
            os.execv(str(venv_py), [str(venv_py), *sys.argv])
        sys.exit("pyarrow is needed: run with .venv/bin/python (make venv)")

    global HTML_EXTRACTOR
    HTML_EXTRACTOR = args.html_extractor
    corpora = Path(args.corpora) if args.corpora else (ROOT / ".." / "shared" / "corpora")
    corpora = corpora.resolve()
    names = args.corpus or TARGET_CORPORA + EXTRA_CORPORA
    binary = Path(args.bin)
    if not binary.exists():
        sys.exit(f"{binary} not found: build it with `make build`")
    peer_py = Path(args.peer_python)
    peer = None
    if not args.no_peer:
        if peer_py.exists() and subprocess.run([str(peer_py), "-c", "import trafilatura"],
                                               capture_output=True).returncode == 0:
            v = subprocess.run([str(peer_py), "-c", "import trafilatura; print(trafilatura.__version__)"],
                               capture_output=True, text=True).stdout.strip()
            peer = f"trafilatura {v}"
        else:
            print(f"(peer not installed: `make peers-venv` puts trafilatura in {peer_py.parent.parent})")

    print(f"newsprint metadata eval, {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC; "
          f"binary {binary} ({dt.datetime.fromtimestamp(binary.stat().st_mtime, dt.timezone.utc):%Y-%m-%d %H:%M} UTC)"
          + (f"; peer {peer}" if peer else ""))
    dump = open(args.dump, "w") if args.dump else None
    tmp = tempfile.TemporaryDirectory(prefix="newsprint-metadata-")
    base = Path(args.keep) if args.keep else Path(tmp.name)
    summary = {}
    for name in names:
        root = corpora / name
        if not root.exists():
            print(f"\n== {name}: not found under {corpora}, skipped ==")
            continue
        pages, inputs = LOADERS[name](root)
        preds, rejects, wall = run_newsprint(binary, inputs, base / name, args.threads)
        ours = match_pages(pages, preds)
        with_body = name != "html-goose3"   # goose3's cleaned_text is a prefix only
        results = {"newsprint": score(pages, ours, with_body)}
        rej = Counter(rejects.values())
        notes = [f"newsprint: {len(ours)} pages with an article, rejects {dict(rej) or 0}, "
                 f"{wall:.1f}s wall"]
        if peer:
            ppred, pwall, pcpu, fb, errs = run_peer(peer_py, pages)
            results[peer] = score(pages, ppred, with_body)
            notes.append(f"{peer}: extract() found no body on {fb} pages (metadata from "
                         f"extract_metadata), {errs} errors, {pwall:.1f}s wall, {pcpu:.1f}s CPU")
        report(name, pages, results, notes)
        summary[name] = {k: {kk: vv for kk, vv in v[0].items() if kk != "_rows"}
                         for k, v in results.items()}
        if args.misses:
            show_misses(name, pages, ours, [f for f in args.misses.split(",") if f], args.limit)
        if dump:
            for sys_name, (_, rows) in results.items():
                for r in rows:
                    dump.write(json.dumps({"corpus": name, "system": sys_name, **r},
                                          ensure_ascii=False, default=str) + "\n")
    if dump:
        dump.close()
    # One-line targets check (issue 3) over the three target corpora.
    print("\n== issue-3 targets (newsprint): date >= 95%, title >= 95%, authors >= 90% ==")
    for name in TARGET_CORPORA:
        if name not in summary:
            continue
        s = summary[name]["newsprint"]
        chk = []
        for label, ok, n, tgt, reach in (("title", "title_ok", "title_n", .95, "title_reach"),
                                         ("date", "date_ok", "date_n", .95, "date_reach"),
                                         ("authors", "auth_ok", "auth_n", .90, "auth_reach")):
            if s[n]:
                v = s[ok] / s[n]
                ceiling = s[reach] / s[n]
                beat = ""
                if peer and peer in summary[name]:
                    q = summary[name][peer]
                    pv = q[ok] / q[n] if q[n] else 0
                    beat = " >peer" if v > pv else (" =peer" if v == pv else " <peer")
                status = "met" if v >= tgt else (
                    f"MISSED (gold on the page {100 * ceiling:.1f}%"
                    + (", target out of reach)" if ceiling < tgt else ")"))
                chk.append(f"{label} {100 * v:.1f}% {status}{beat}")
        print(f"  {name:<18} " + "; ".join(chk))
    print("  (gold on the page: the share of pages whose gold value occurs in the page's markup or "
          "text at all, as written; a ceiling for any extractor)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
