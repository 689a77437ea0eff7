#!/usr/bin/env python3
"""Peer for newsprint's near-duplicate clusters: datasketch's MinHash + MinHashLSH on the set
that `newsprint gen-corpus --neardup` writes, scored by the same code (`newsprint eval
--neardup DIR --clusters FILE`).

The same shingles as newsprint: the body (the file after its headline line), lowercase runs
of letters and digits, 5-word shingles taken within paragraphs (blank-line separated; a
shorter paragraph is one shingle). No boilerplate removal: datasketch has none. MinHash with
112 permutations, MinHashLSH with 14 bands of 8 rows (params=(14, 8)). Every article is
inserted, then queried; a candidate pair is kept when its MinHash Jaccard estimate reaches
the threshold (0.5, newsprint's estimate rule; datasketch has no containment rule and no
lead bucket). Kept pairs are joined (union-find); the cluster id is the earliest published
member, ties by id, as in newsprint.

Time: CPU seconds of this process (time.process_time, numpy pinned to one thread) from the
bodies in memory to the cluster ids: shingling, MinHash, LSH insert and query, union.

Usage: datasketch_neardup.py DIR [--bin NEWSPRINT] [--threshold 0.5]
Writes DIR/clusters.datasketch.tsv; with --bin, prints the scores from newsprint's scorer.
"""
import os

for _v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_v] = "1"

import argparse
import re
import subprocess
import sys
import time

from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"[^\W_]+")
NUM_PERM, BANDS, ROWS, SHINGLE = 112, 14, 8, 5


def shingles(body):
    out = set()
    for para in re.split(r"\n\s*\n", body):
        words = WORD.findall(para.lower())
        if not words:
            continue
        if len(words) < SHINGLE:
            out.add(" ".join(words).encode())
            continue
        for i in range(len(words) - SHINGLE + 1):
            out.add(" ".join(words[i:i + SHINGLE]).encode())
    return out


def load(folder):
    rows = []
    with open(os.path.join(folder, "articles.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            fields = line.rstrip("\n").split("\t")
            with open(os.path.join(folder, "docs", fields[0] + ".txt"), encoding="utf-8") as d:
                text = d.read()
            body = text.split("\n\n", 1)[1] if "\n\n" in text else ""
            rows.append((fields[0], fields[1], body))
    return rows


def cluster(rows, threshold):
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
    sigs = []
    for i, (_, _, body) in enumerate(rows):
        m = MinHash(num_perm=NUM_PERM)
        sh = shingles(body)
        if sh:
            m.update_batch(list(sh))
            lsh.insert(i, m)
        sigs.append(m if sh else None)
    parent = list(range(len(rows)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, m in enumerate(sigs):
        if m is None:
            continue
        for j in lsh.query(m):
            if j <= i or sigs[j] is None:
                continue
            if m.jaccard(sigs[j]) >= threshold:
                a, b = find(i), find(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    rep = {}
    for i, (ident, published, _) in enumerate(rows):
        r = find(i)
        key = (published or "9999", ident)
        if r not in rep or key < rep[r][0]:
            rep[r] = (key, ident)
    return [rep[find(i)][1] for i in range(len(rows))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--bin", help="newsprint binary: score with its scorer")
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--passes", type=int, default=1)
    args = ap.parse_args()
    rows = load(args.dir)
    best = None
    for _ in range(max(1, args.passes)):
        started = time.process_time()
        ids = cluster(rows, args.threshold)
        spent = time.process_time() - started
        best = spent if best is None else min(best, spent)
    out = os.path.join(args.dir, "clusters.datasketch.tsv")
    with open(out, "w", encoding="utf-8") as f:
        f.write("id\tcluster_id\n")
        for (ident, _, _), c in zip(rows, ids):
            f.write(f"{ident}\t{c}\n")
    if args.bin:
        sys.stdout.flush()
        subprocess.run([args.bin, "eval", "--neardup", args.dir, "--clusters", out,
                        "--label", "datasketch 2.0.0 MinHashLSH"], check=True)
    print(f"time: {best:.3f} CPU s on 1 core ({best * 1e6 / max(1, len(rows)):.0f} µs an article, "
          f"{len(rows)} articles)")


if __name__ == "__main__":
    main()
