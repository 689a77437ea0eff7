#!/usr/bin/env python3
"""Draw the hand-check sample of `corpus_entities` merges and aliases.

    python eval/corpus_entities/sample.py --dataset /tmp/bbc-ce/news [--seed 1] [--out DIR] [--show]

(a) 100 random merges: a merge is a per-article entity id (`entities.entity_id`, one per
    type + canonical name) that sits in a corpus entity under another id
    (`entity_id <> corpus_entity_id`). One article where the member occurs is drawn too.
    rule = 1 when the member's name equals the corpus entity's ignoring case, dots and
    spacing (as `name_key` in stages/corpus_entities.rs), else 2 (lone surname).
(b) 100 random corpus entities with 2 or more aliases.

Writes sample-merges.tsv and sample-aliases.tsv (names, ids, types, rule, and empty
`judgement` / `note` columns: no article text, the BBC texts are not ours to share).
--show prints a +-150 character window of article text around the member's first mention
(merges) or around the first mention of each alias (aliases), for judging; it goes to
stdout only. Existing judgement/note values in the TSVs are kept when the same rows are drawn.
"""
import argparse
import csv
import os
import random
import sys

import duckdb

HERE = os.path.dirname(os.path.abspath(__file__))
N_MERGES = 100
N_ALIASES = 100
WINDOW = 150


def name_key(name):
    """Lower case, dots dropped, one space between words (as the Rust `name_key`)."""
    words = []
    for w in name.split():
        w = "".join(c for c in w if c != ".").lower().replace("\u2019", "'")
        if w:
            words.append(w)
    return " ".join(words)


def context(text, start, end, width=WINDOW):
    a, b = max(0, start - width), min(len(text), end + width)
    s = text[a:start] + "[[" + text[start:end] + "]]" + text[end:b]
    return " ".join(s.split())


def read_tsv(path):
    if not os.path.exists(path):
        return {}
    with open(path, newline="") as f:
        return {r["key"]: r for r in csv.DictReader(f, delimiter="\t")}


def write_tsv(path, fields, rows):
    old = read_tsv(path)
    for r in rows:
        prev = old.get(r["key"])
        if prev:
            r["judgement"] = prev.get("judgement", "")
            r["note"] = prev.get("note", "")
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, delimiter="\t", lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in fields})


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dataset", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--rule2-census", action="store_true",
                    help="also write census-rule2.tsv: every rule-2 merge, one row per article")
    args = ap.parse_args()
    d = args.dataset
    con = duckdb.connect()
    con.execute(f"CREATE VIEW entities AS SELECT * FROM read_parquet('{d}/entities/*.parquet')")
    con.execute(f"CREATE VIEW mentions AS SELECT * FROM read_parquet('{d}/mentions/*.parquet')")
    con.execute(f"CREATE VIEW ce AS SELECT * FROM read_parquet('{d}/corpus_entities/*.parquet')")
    rng = random.Random(args.seed)

    # ---- totals
    n_ce, n_multi, n_alias2 = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE len(entity_ids) > 1),"
        " count(*) FILTER (WHERE len(aliases) >= 2) FROM ce").fetchone()
    merges = con.execute(
        """SELECT e.entity_id, any_value(e.canonical), any_value(e.entity_type),
                  e.corpus_entity_id, any_value(c.canonical), any_value(c.entity_type),
                  count(DISTINCT e.article_id), list(DISTINCT e.article_id ORDER BY e.article_id)
           FROM entities e JOIN ce c USING (corpus_entity_id)
           WHERE e.entity_id <> e.corpus_entity_id
           GROUP BY e.entity_id, e.corpus_entity_id ORDER BY e.entity_id""").fetchall()
    rule_of = lambda m: 1 if name_key(m[1]) == name_key(m[4]) else 2
    all_rules = [rule_of(m) for m in merges]
    print(f"corpus entities: {n_ce}; with 2+ member ids: {n_multi}; with 2+ aliases: {n_alias2}",
          file=sys.stderr)
    print(f"merges (distinct entity_id <> corpus_entity_id): {len(merges)}; "
          f"rule 1: {all_rules.count(1)}; rule 2: {all_rules.count(2)}", file=sys.stderr)

    # ---- (a) merges
    picked = rng.sample(merges, min(N_MERGES, len(merges)))
    mrows = []
    for i, m in enumerate(picked, 1):
        eid, can, typ, cid, ccan, ctyp, narts, arts = m
        art = rng.choice(arts)
        mrows.append(dict(key=f"{eid}@{art}", row=i, member_entity_id=eid, member_canonical=can,
                          member_type=typ, member_articles=narts, corpus_entity_id=cid,
                          corpus_canonical=ccan, corpus_type=ctyp, rule=rule_of(m),
                          article_id=art, judgement="", note=""))
    srule = [r["rule"] for r in mrows]
    print(f"sample: {len(mrows)} merges; rule 1: {srule.count(1)}; rule 2: {srule.count(2)}",
          file=sys.stderr)
    write_tsv(os.path.join(args.out, "sample-merges.tsv"),
              ["row", "key", "member_entity_id", "member_canonical", "member_type",
               "member_articles", "corpus_entity_id", "corpus_canonical", "corpus_type",
               "rule", "article_id", "judgement", "note"], mrows)

    # ---- (b) corpus entities with 2+ aliases
    multi = con.execute(
        """SELECT corpus_entity_id, canonical, entity_type, aliases, len(entity_ids), article_count
           FROM ce WHERE len(aliases) >= 2 ORDER BY corpus_entity_id""").fetchall()
    apicked = rng.sample(multi, min(N_ALIASES, len(multi)))
    arows = []
    for i, (cid, can, typ, aliases, nids, narts) in enumerate(apicked, 1):
        arows.append(dict(key=cid, row=i, corpus_entity_id=cid, canonical=can, entity_type=typ,
                          n_member_ids=nids, article_count=narts, n_aliases=len(aliases),
                          aliases=" | ".join(aliases), judgement="", note=""))
    write_tsv(os.path.join(args.out, "sample-aliases.tsv"),
              ["row", "key", "corpus_entity_id", "canonical", "entity_type", "n_member_ids",
               "article_count", "n_aliases", "aliases", "judgement", "note"], arows)

    # ---- (c) optional: every rule-2 merge in every article where the member occurs
    crows = []
    if args.rule2_census:
        for m in merges:
            if rule_of(m) != 2:
                continue
            eid, can, typ, cid, ccan, ctyp, narts, arts = m
            for art in arts:
                crows.append(dict(key=f"{eid}@{art}", member_entity_id=eid, member_canonical=can,
                                  member_type=typ, corpus_entity_id=cid, corpus_canonical=ccan,
                                  corpus_type=ctyp, article_id=art, judgement="", note=""))
        crows.sort(key=lambda r: (r["corpus_canonical"], r["member_canonical"], r["article_id"]))
        for i, r in enumerate(crows, 1):
            r["row"] = i
        write_tsv(os.path.join(args.out, "census-rule2.tsv"),
                  ["row", "key", "member_entity_id", "member_canonical", "member_type",
                   "corpus_entity_id", "corpus_canonical", "corpus_type", "article_id",
                   "judgement", "note"], crows)

    if not args.show:
        return
    # ---- contexts (stdout only, never written to the TSVs)
    art_ids = {r["article_id"] for r in mrows + crows}
    first = {}
    for r in mrows + crows:
        s, e = con.execute(
            "SELECT start_char, end_char FROM mentions WHERE article_id = ? AND entity_id = ?"
            " ORDER BY start_char LIMIT 1", [r["article_id"], r["member_entity_id"]]).fetchone()
        first[r["key"]] = (s, e)
    alias_ctx = {}
    for r in arows:
        rows = con.execute(
            """SELECT text, article_id, start_char, end_char FROM (
                 SELECT text, article_id, start_char, end_char,
                        row_number() OVER (PARTITION BY text ORDER BY article_id, start_char) AS k
                 FROM mentions WHERE corpus_entity_id = ?) WHERE k = 1""",
            [r["corpus_entity_id"]]).fetchall()
        alias_ctx[r["key"]] = {t: (a, s, e) for t, a, s, e in rows}
        art_ids |= {a for _, a, _, _ in rows}
    con.execute("CREATE TEMP TABLE want(article_id VARCHAR)")
    con.executemany("INSERT INTO want VALUES (?)", [[a] for a in sorted(art_ids)])
    texts = {a: (t, f) for a, t, f in con.execute(
        f"""SELECT article_id, text, source_file FROM read_parquet('{d}/articles/*.parquet')
            JOIN want USING (article_id)""").fetchall()}
    print("=" * 30, "MERGES")
    for r in mrows:
        t, f = texts[r["article_id"]]
        s, e = first[r["key"]]
        print(f"\n#{r['row']} rule {r['rule']}: {r['member_canonical']!r} ({r['member_type']}, "
              f"{r['member_articles']} arts) -> {r['corpus_canonical']!r} ({r['corpus_type']})"
              f"  [{r['article_id']} {os.path.basename(os.path.dirname(f))}/{os.path.basename(f)}]")
        print("   ", context(t, s, e))
    if crows:
        print("\n" + "=" * 30, "RULE-2 CENSUS")
        for r in crows:
            t, f = texts[r["article_id"]]
            s, e = first[r["key"]]
            print(f"\n#C{r['row']}: {r['member_canonical']!r} ({r['member_type']}) -> "
                  f"{r['corpus_canonical']!r}  [{os.path.basename(os.path.dirname(f))}/"
                  f"{os.path.basename(f)}]")
            print("   ", context(t, s, e))
    print("\n" + "=" * 30, "ALIASES")
    for r in arows:
        print(f"\n#{r['row']}: {r['canonical']!r} ({r['entity_type']}, {r['n_member_ids']} ids, "
              f"{r['article_count']} arts): {r['aliases']}")
        for alias in r["aliases"].split(" | "):
            hit = alias_ctx[r["key"]].get(alias)
            if hit is None:
                print(f"   {alias!r}: (canonical only, no mention with this text)")
                continue
            a, s, e = hit
            t, f = texts[a]
            print(f"   {alias!r} [{os.path.basename(os.path.dirname(f))}/{os.path.basename(f)}]: "
                  + context(t, s, e, 100))


if __name__ == "__main__":
    main()
