"""Load the written dataset the way users do: DuckDB, pyarrow, polars and pandas.

Runs the newsprint binary (NEWSPRINT_BIN) over the team's fixtures plus the shared seed
article, then checks types, offsets and the seed's values in each reader. Every table must
also load, value by value, in each reader whatever the text says: over articles written to
hold the dates no reader can hold (year 0, year 99999, the 1st century), and, when the shared
corpora are beside the checkout, over a dataset built from each news input corpus.
"""

import datetime
import json
import os
import subprocess
import time
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds
import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_6dbaf81a952dee8b.txt"
SEED_TITLE = "Kremlin Says Russia-U.S. Diplomatic Talks ‘Going Nowhere Fast’"
BINARY = os.environ.get("NEWSPRINT_BIN", str(ROOT / "target" / "debug" / "newsprint"))
TABLES = ["articles", "links", "dates", "mentions", "entities", "quotes", "rejects", "near_duplicates", "corpus_entities"]
# The news inputs of ../shared/corpora (see its NEWS-INPUTS.md): text dumps, HTML, WARC and
# JSON lines. The others there are NER and TimeML evaluation sets, not news inputs.
NEWS_INPUT_CORPORA = [
    "text-bbc-news",
    "article-extraction-benchmark",
    "html-fundus",
    "html-newspaper4k",
    "html-trafilatura",
    "html-goose3",
    "html-encoding-samples",
    "warc-samples",
    "jsonl",
]


def run_newsprint(inputs, out):
    subprocess.run(
        [BINARY, "run", "--input", *map(str, inputs), "--output", str(out), "-q"],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    return out


@pytest.fixture(scope="session")
def dataset(tmp_path_factory):
    out = tmp_path_factory.mktemp("load") / "news"
    inputs = [ROOT / "tests" / "fixtures"]
    if SEED.exists():
        inputs.append(SEED)
    return run_newsprint(inputs, out)


def glob(dataset, table):
    return str(dataset / table / "*.parquet")


def test_duckdb_types(dataset):
    con = duckdb.connect()
    types = dict(
        con.execute(
            f"select column_name, column_type from (describe select * from read_parquet('{glob(dataset, 'articles')}'))"
        ).fetchall()
    )
    assert types["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["modified_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["published_date"] == "DATE"
    assert types["authors"] == "VARCHAR[]"
    assert types["related_titles"] == "VARCHAR[]"
    assert types["word_count"] == "INTEGER"
    assert types["is_duplicate"] == "BOOLEAN"
    date_types = dict(
        con.execute(
            f"select column_name, column_type from (describe select * from read_parquet('{glob(dataset, 'dates')}'))"
        ).fetchall()
    )
    assert date_types["resolved_start"] == "DATE"
    assert date_types["anchor_date"] == "DATE"
    link_types = dict(
        con.execute(
            f"select column_name, column_type from (describe select * from read_parquet('{glob(dataset, 'links')}'))"
        ).fetchall()
    )
    assert link_types["start_char"] == "INTEGER"


def test_published_source_is_set_exactly_with_a_date(dataset):
    con = duckdb.connect()
    rows = con.execute(
        f"select source_format, published_source, published_at is not null "
        f"from read_parquet('{glob(dataset, 'articles')}')"
    ).fetchall()
    allowed = {"json-ld", "meta", "time", "url", "text", "feed"}
    for fmt, source, has_date in rows:
        assert (source is not None) == has_date, (fmt, source, has_date)
        assert source is None or source in allowed, source
    # The text dumps' date line is visible text.
    assert any(fmt == "text_dump" and source == "text" for fmt, source, _ in rows)


def test_duckdb_substring_recovers_link_anchors(dataset):
    con = duckdb.connect()
    rows = con.execute(
        f"""
        select l.anchor_text, substring(a.text, l.start_char + 1, l.end_char - l.start_char)
        from read_parquet('{glob(dataset, 'links')}') l
        join read_parquet('{glob(dataset, 'articles')}') a using (article_id)
        where l.start_char is not null
        """
    ).fetchall()
    assert len(rows) >= 5
    for anchor, sliced in rows:
        assert anchor == sliced


def test_python_slicing_recovers_link_anchors_with_non_ascii_text(dataset):
    articles = pq_table(dataset, "articles").to_pandas()
    links = pq_table(dataset, "links").to_pandas()
    text_by_id = dict(zip(articles.article_id, articles.text))
    inline = links[links.start_char.notna()]
    assert len(inline) >= 5
    for row in inline.itertuples():
        text = text_by_id[row.article_id]
        assert text[int(row.start_char) : int(row.end_char)] == row.anchor_text
    # At least one anchor sits after non-ASCII characters, where byte offsets would break.
    assert any(not text_by_id[r.article_id][: int(r.start_char)].isascii() for r in inline.itertuples())


def pq_table(dataset, table):
    return ds.dataset(str(dataset / table), format="parquet").to_table()


def test_pyarrow_types(dataset):
    schema = pq_table(dataset, "articles").schema
    assert schema.field("published_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("published_date").type == pa.date32()
    assert schema.field("authors").type.equals(pa.list_(pa.field("item", pa.string(), nullable=False)))
    assert schema.field("text").type == pa.string()
    assert schema.field("published_source").type == pa.string()
    assert schema.field("section").type == pa.string()
    assert not schema.field("article_id").nullable
    meta = ds.dataset(str(dataset / "articles"), format="parquet").files
    import pyarrow.parquet as pq

    kv = pq.read_metadata(meta[0]).metadata
    assert kv[b"newsprint.schema_version"] == b"2"
    assert kv[b"newsprint.table"] == b"articles"


def test_polars_types_and_counts(dataset):
    df = pl.read_parquet(glob(dataset, "articles"))
    assert df.schema["published_at"] == pl.Datetime("us", "UTC")
    assert df.schema["published_date"] == pl.Date
    assert df.schema["authors"] == pl.List(pl.String)
    # 006/018 share a URL; the sample crawl and export copy four fixture pages.
    dups = df.filter(pl.col("is_duplicate"))
    assert dups.height >= 1
    assert dups["duplicate_of"].is_in(df["article_id"].implode()).all()
    assert df.schema["fetched_at"] == pl.Datetime("us", "UTC")
    assert df.filter(pl.col("source_format") == "warc")["fetched_at"].null_count() == 0
    rejects = pl.read_parquet(glob(dataset, "rejects"))
    assert set(rejects["reason"]) >= {"empty", "binary", "corrupt_compression", "no_main_text"}
    assert rejects["stage"].unique().to_list() == ["parse"]


def test_pandas_reads_every_table(dataset):
    for table in TABLES:
        df = pd.read_parquet(dataset / table)
        assert len(df) > 0, table
    df = pd.read_parquet(dataset / "articles")
    assert str(df["published_at"].dtype) == "datetime64[us, UTC]"


def test_quotes_in_every_reader(dataset):
    """The spans are a list of {start_char, end_char} structs; every offset slices the text."""
    con = duckdb.connect()
    types = dict(
        con.execute(
            f"select column_name, column_type from (describe select * from read_parquet('{glob(dataset, 'quotes')}'))"
        ).fetchall()
    )
    assert types["spans"] == "STRUCT(start_char INTEGER, end_char INTEGER)[]"
    assert types["direct"] == "BOOLEAN"
    assert types["cue_start_char"] == "INTEGER"
    assert types["speaker_entity_id"] == "VARCHAR"
    rows = con.execute(
        f"""
        select q.text, substring(a.text, q.start_char + 1, q.end_char - q.start_char),
               q.cue, substring(a.text, q.cue_start_char + 1, q.cue_end_char - q.cue_start_char),
               q.source, substring(a.text, q.source_start_char + 1, q.source_end_char - q.source_start_char),
               [substring(a.text, s.start_char + 1, s.end_char - s.start_char) for s in q.spans]
        from read_parquet('{glob(dataset, 'quotes')}') q
        join read_parquet('{glob(dataset, 'articles')}') a using (article_id)
        """
    ).fetchall()
    assert len(rows) >= 10
    for text, sliced, cue, cue_sliced, source, source_sliced, parts in rows:
        assert (text, cue, source) == (sliced, cue_sliced, source_sliced)
        assert text.startswith(parts[0]) and text.endswith(parts[-1])
    # A speaker is an entity of its article, with the id the mentions table gives it.
    orphans = con.execute(
        f"""
        select count(*) from read_parquet('{glob(dataset, 'quotes')}') q
        where q.speaker_entity_id is not null and not exists (
            select 1 from read_parquet('{glob(dataset, 'mentions')}') m
            where m.article_id = q.article_id and m.entity_id = q.speaker_entity_id
              and m.canonical = q.speaker)
        """
    ).fetchone()[0]
    assert orphans == 0

    span = pa.struct([pa.field("start_char", pa.int32(), nullable=False), pa.field("end_char", pa.int32(), nullable=False)])
    assert pq_table(dataset, "quotes").schema.field("spans").type.equals(pa.list_(pa.field("item", span, nullable=False)))
    df = pl.read_parquet(glob(dataset, "quotes"))
    assert df.schema["spans"] == pl.List(pl.Struct({"start_char": pl.Int32, "end_char": pl.Int32}))
    assert df.schema["direct"] == pl.Boolean
    assert df.filter(pl.col("spans").list.len() > 1).height >= 1

    quotes = pd.read_parquet(dataset / "quotes")
    articles = pd.read_parquet(dataset / "articles")
    text_by_id = dict(zip(articles.article_id, articles.text))
    for row in quotes.itertuples():
        text = text_by_id[row.article_id]
        assert text[row.start_char : row.end_char] == row.text
        for part in row.spans:
            assert row.text.find(text[part["start_char"] : part["end_char"]]) >= 0
    if SEED.exists():
        said = quotes[quotes.text.str.contains("taken into account")]
        assert said.speaker.tolist() == ["Dmitry Peskov"]


def seed_spans(con, dataset, table, columns):
    """Rows of a span table for the seed article, each with the text its offsets slice."""
    return con.execute(
        f"""
        select {columns}, substring(a.text, d.start_char + 1, d.end_char - d.start_char)
        from read_parquet('{glob(dataset, table)}') d
        join read_parquet('{glob(dataset, 'articles')}') a using (article_id)
        where a.title = ?
        """,
        [SEED_TITLE],
    ).fetchall()


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed is not beside the checkout")
def test_seed_values_in_every_reader(dataset):
    con = duckdb.connect()
    row = con.execute(
        f"""
        select title, published_date, url, source_domain, image_caption, image_credit, related_titles, text
        from read_parquet('{glob(dataset, 'articles')}') where source_file like '%/000_6dbaf81a952dee8b.txt'
        """
    ).fetchone()
    title, published, url, domain, caption, credit, related, text = row
    assert title == SEED_TITLE
    assert str(published) == "2025-07-29"
    assert url.startswith("https://www.themoscowtimes.com/2025/07/29/kremlin-says")
    assert domain == "themoscowtimes.com"
    assert (caption, credit) == ("Kremlin spokesman Dmitry Peskov.", "kremlin.ru")
    assert related == ["Trump Says Russia Has Just 10-12 Days to End War Against Ukraine"]
    assert "he may impose secondary tariffs" in text
    assert "Related article" not in text and "kremlin.ru" not in text
    df = pl.read_parquet(glob(dataset, "articles")).filter(pl.col("title") == SEED_TITLE)
    assert df["published_date"][0].isoformat() == "2025-07-29"
    dates = seed_spans(con, dataset, "dates", "d.text, d.value, d.resolved_start")
    mentions = seed_spans(con, dataset, "mentions", "d.text, d.canonical, d.entity_type")
    assert all(t == sliced for t, _, _, sliced in mentions)
    assert ("Putin", "Vladimir Putin", "person") in [(t, c, ty) for t, c, ty, _ in mentions]
    by_text = {t: (v, str(s)) for t, v, s, _ in dates}
    assert by_text["Tuesday"] == ("2025-07-29", "2025-07-29")
    assert by_text["Feb. 27"] == ("2025-02-27", "2025-02-27")
    assert all(t == sliced for t, _, _, sliced in dates)


# ------------------------------------------------------------------ near-duplicate clusters

NEARDUP_INPUT = ROOT / "tests" / "data" / "neardup"
ORIGINAL = "Castlebridge viaduct reopens after landslip"
SYNDICATED = "Rail line to coast back in service as viaduct repaired"
SAME_EVENT = "Commuters count the cost as Castlebridge trains return"


@pytest.fixture(scope="module")
def neardup_dataset(tmp_path_factory):
    return run_newsprint([NEARDUP_INPUT], tmp_path_factory.mktemp("neardup") / "news")


def one_row_per_story(dataset):
    """The docs' one-line query (docs/schema.md), with the table paths filled in."""
    a, n = glob(dataset, "articles"), glob(dataset, "near_duplicates")
    return (
        f"SELECT a.* FROM read_parquet('{a}') a JOIN read_parquet('{n}') n USING (article_id) "
        "WHERE n.article_id = n.cluster_id"
    )


def mentions_per_week(dataset, person):
    """The docs' one-line query: a person's mentions per week, each story counted once."""
    a, m, n = (glob(dataset, t) for t in ("articles", "mentions", "near_duplicates"))
    return (
        f"SELECT date_trunc('week', a.published_at) AS week, count(*) AS mentions "
        f"FROM read_parquet('{m}') m JOIN read_parquet('{a}') a USING (article_id) "
        f"JOIN read_parquet('{n}') n USING (article_id) "
        f"WHERE m.canonical = '{person}' AND n.article_id = n.cluster_id GROUP BY week ORDER BY week"
    )


def test_near_duplicates_in_duckdb(neardup_dataset):
    con = duckdb.connect()
    n = glob(neardup_dataset, "near_duplicates")
    types = dict(con.execute(f"select column_name, column_type from (describe select * from read_parquet('{n}'))").fetchall())
    assert types == {"article_id": "VARCHAR", "cluster_id": "VARCHAR", "similarity": "FLOAT", "cluster_size": "INTEGER"}
    stories = con.execute(f"select title from ({one_row_per_story(neardup_dataset)}) order by title").fetchall()
    assert [t for (t,) in stories] == sorted([ORIGINAL, SAME_EVENT, "Libraries to open on Sundays"])
    weeks = con.execute(mentions_per_week(neardup_dataset, "Marta Okonjo")).fetchall()
    # The original and the same-event article; the two copies are not counted again.
    assert [(str(w.date()), c) for w, c in weeks] == [("2025-03-03", 2)]


def test_near_duplicates_in_polars(neardup_dataset):
    n = pl.read_parquet(glob(neardup_dataset, "near_duplicates"))
    assert n.schema == pl.Schema({"article_id": pl.String, "cluster_id": pl.String, "similarity": pl.Float32, "cluster_size": pl.Int32})
    a = pl.read_parquet(glob(neardup_dataset, "articles"))
    stories = a.join(n, on="article_id").filter(pl.col("article_id") == pl.col("cluster_id"))
    assert stories.height == 3
    joined = a.join(n, on="article_id")
    synd = joined.filter(pl.col("title") == SYNDICATED)
    rep = joined.filter((pl.col("title") == ORIGINAL) & ~pl.col("is_duplicate"))
    assert synd["cluster_id"][0] == rep["article_id"][0]
    assert 0.5 < synd["similarity"][0] < 1.0


def test_near_duplicates_in_pyarrow(neardup_dataset):
    t = pq_table(neardup_dataset, "near_duplicates")
    assert t.schema.field("similarity").type == pa.float32()
    assert t.schema.field("cluster_size").type == pa.int32()
    assert not t.schema.field("cluster_id").nullable
    rows = t.to_pylist()
    assert [r["article_id"] for r in rows] == sorted(r["article_id"] for r in rows)
    assert sorted(r["cluster_size"] for r in rows) == [1, 1, 3, 3, 3]


# Our own five articles (tests/data/corpus_entities): a harbour master named in full twice and
# by surname alone once, two Brennans and a lone "Brennan", the United States as "United
# States", "U.S." and "US".
CORPUS_ENTITIES_INPUT = ROOT / "tests" / "data" / "corpus_entities"


@pytest.fixture(scope="module")
def entities_dataset(tmp_path_factory):
    return run_newsprint([CORPUS_ENTITIES_INPUT], tmp_path_factory.mktemp("corpus_entities") / "news")


def person_mentions_per_week(dataset, person):
    """The docs' one-line query: mentions per week of one person, whatever each article
    called them (the corpus entity joins "Varga" to "Ilse Varga")."""
    m, c, a = (glob(dataset, t) for t in ("mentions", "corpus_entities", "articles"))
    return (
        f"SELECT date_trunc('week', a.published_at) AS week, count(*) AS mentions "
        f"FROM read_parquet('{m}') m JOIN read_parquet('{c}') c USING (corpus_entity_id) "
        f"JOIN read_parquet('{a}') a USING (article_id) "
        f"WHERE c.canonical = '{person}' GROUP BY week ORDER BY week"
    )


def test_corpus_entities_in_duckdb(entities_dataset):
    con = duckdb.connect()
    c = glob(entities_dataset, "corpus_entities")
    types = dict(con.execute(f"select column_name, column_type from (describe select * from read_parquet('{c}'))").fetchall())
    assert types == {
        "corpus_entity_id": "VARCHAR",
        "canonical": "VARCHAR",
        "entity_type": "VARCHAR",
        "aliases": "VARCHAR[]",
        "entity_ids": "VARCHAR[]",
        "article_count": "BIGINT",
        "mention_count": "BIGINT",
        "first_day": "DATE",
        "last_day": "DATE",
        "co_mentioned": "STRUCT(corpus_entity_id VARCHAR, canonical VARCHAR, articles BIGINT)[]",
    }
    weeks = con.execute(person_mentions_per_week(entities_dataset, "Ilse Varga")).fetchall()
    # "Ilse Varga" on the 3rd, "Varga" alone on the 5th, "Ilse Varga" on the 12th.
    assert [(str(w.date()), n) for w, n in weeks] == [("2025-03-03", 2), ("2025-03-10", 1)]
    (days,) = con.execute(f"select [first_day, last_day] from read_parquet('{c}') where canonical = 'Ilse Varga'").fetchone()
    assert [str(d) for d in days] == ["2025-03-03", "2025-03-12"]
    m = glob(entities_dataset, "mentions")
    lone = con.execute(f"select count(*) from read_parquet('{m}') where text = 'Varga' and corpus_entity_id <> entity_id").fetchone()
    assert lone == (1,)


def test_corpus_entities_in_polars(entities_dataset):
    c = pl.read_parquet(glob(entities_dataset, "corpus_entities"))
    assert c.schema["aliases"] == pl.List(pl.String)
    assert c.schema["first_day"] == pl.Date
    assert c.schema["co_mentioned"] == pl.List(pl.Struct({"corpus_entity_id": pl.String, "canonical": pl.String, "articles": pl.Int64}))
    us = c.filter(pl.col("canonical") == "United States").row(0, named=True)
    assert sorted(us["aliases"]) == ["U.S.", "US", "United States"]
    assert us["article_count"] == 3
    # Two Brennans: the lone "Brennan" stays its own entity.
    brennans = c.filter(pl.col("canonical").str.contains("Brennan"))["canonical"].sort().to_list()
    assert brennans == ["Ada Brennan", "Brennan", "Tom Brennan"]


def test_corpus_entities_in_pyarrow(entities_dataset):
    t = pq_table(entities_dataset, "corpus_entities")
    assert t.schema.field("first_day").type == pa.date32()
    assert not t.schema.field("corpus_entity_id").nullable
    rows = t.to_pylist()
    varga = next(r for r in rows if r["canonical"] == "Ilse Varga")
    assert sorted(varga["aliases"]) == ["Ilse Varga", "Varga"]
    assert len(varga["entity_ids"]) == 2
    assert varga["first_day"] == datetime.date(2025, 3, 3)
    co = {x["canonical"]: x["articles"] for x in varga["co_mentioned"]}
    assert co.get("United States") == 3 and co.get("Port Aldwin") == 3
    counts = [r["article_count"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    # Every mention's corpus id is a row of the table.
    ids = {r["corpus_entity_id"] for r in rows}
    mentions = pq_table(entities_dataset, "mentions").to_pylist()
    assert mentions and all(m["corpus_entity_id"] in ids for m in mentions)


def test_corpus_entities_in_pandas(entities_dataset):
    c = pd.read_parquet(entities_dataset / "corpus_entities")
    e = pd.read_parquet(entities_dataset / "entities")
    assert str(c["article_count"].dtype) == "int64"
    per_entity = e.groupby("corpus_entity_id").article_id.nunique().sort_index()
    assert c.set_index("corpus_entity_id").article_count.sort_index().to_dict() == per_entity.to_dict()


def test_near_duplicates_in_pandas(neardup_dataset):
    n = pd.read_parquet(neardup_dataset / "near_duplicates")
    a = pd.read_parquet(neardup_dataset / "articles")
    assert str(n["similarity"].dtype) == "float32"
    stories = a.merge(n, on="article_id").query("article_id == cluster_id")
    assert sorted(stories.title) == sorted([ORIGINAL, SAME_EVENT, "Libraries to open on Sundays"])
    assert (n.groupby("cluster_id").size() == n.groupby("cluster_id").cluster_size.first()).all()


# ------------------------------------------------------------------ every table, every reader

# Articles whose dates no reader can hold as written: year 0, five-digit years, a day that
# is year 1 as written and year 0 in UTC, the 1st century, spans before AD 1 and after 9999.
HOSTILE_BODY = (
    "Christianity spread in the 1st century, long after the 8th century BC, historians said. "
    "The vault was sealed 100 centuries ago and will open 100 centuries later, in the year "
    "12000, or 3,000,000 days from now. The first decade of the era, the 0s, left no record. "
    "The council said on Tuesday that it would decide next week, as it did three years ago."
)
HOSTILE_DATE_LINES = [
    "0000-01-01",
    "0001-01-01T00:30:00+01:00",
    "Fri Apr 28 19:20:36 CEST 99999",
    "January 1, 0001",
    "December 31, 9999 11:00 PM PST",
    "0002-06-01",
]


def write_hostile_inputs(folder):
    folder.mkdir(parents=True)
    for i, line in enumerate(HOSTILE_DATE_LINES):
        (folder / f"dump_{i}.txt").write_text(
            f"Dates no reader can hold, case {i}\n{line}\n\n{HOSTILE_BODY} Case {i}.\n",
            encoding="utf-8",
        )
    with open(folder / "export.jsonl", "w", encoding="utf-8") as f:
        for i, line in enumerate(HOSTILE_DATE_LINES):
            f.write(json.dumps({"url": f"https://example.com/hostile/{i}", "title": f"Hostile {i}",
                                "text": f"{HOSTILE_BODY} Record {i}.", "date_publish": line}) + "\n")
    for i, line in enumerate(HOSTILE_DATE_LINES):
        (folder / f"page_{i}.html").write_text(
            f"<html><head><title>Hostile page {i}</title>"
            f'<meta property="article:published_time" content="{line}">'
            f'<meta property="article:modified_time" content="{line}"></head>'
            f"<body><article><h1>Hostile page {i}</h1><p>{HOSTILE_BODY}</p>"
            f"<p>Page {i} ends here, after a second paragraph that the extractor keeps.</p>"
            "</article></body></html>",
            encoding="utf-8",
        )


@pytest.fixture(scope="module")
def hostile_dataset(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    write_hostile_inputs(folder / "in")
    return run_newsprint([folder / "in"], folder / "out")


@pytest.fixture(scope="module", params=NEWS_INPUT_CORPORA)
def corpus_dataset(request, tmp_path_factory):
    """A dataset built from one shared news corpus, once per test session."""
    corpus = SHARED / "corpora" / request.param
    if not corpus.is_dir():
        pytest.skip(f"{corpus} is not there: the shared corpora are not beside the checkout")
    out = tmp_path_factory.mktemp(request.param) / "news"
    started = time.monotonic()
    run_newsprint([corpus], out)
    print(f"\n{request.param}: dataset built in {time.monotonic() - started:.1f}s")
    return out


def date_columns(schema):
    return [f.name for f in schema if pa.types.is_date(f.type) or pa.types.is_timestamp(f.type)]


def check_every_table_in_duckdb(dataset):
    con = duckdb.connect()
    for table in TABLES:
        rel = f"read_parquet('{glob(dataset, table)}', union_by_name = true)"
        rows = con.execute(f"select * from {rel}").fetchall()
        assert con.execute(f"select count(*) from {rel}").fetchone()[0] == len(rows), table
        con.execute(f"select * from {rel}").df()
        con.sql(f"select * from {rel}").to_arrow_table().to_pylist()


def check_every_table_in_polars(dataset):
    for table in TABLES:
        df = pl.read_parquet(glob(dataset, table))
        # Python objects: a date Python cannot hold fails here, not in polars' own Date.
        rows = df.to_dicts()
        assert len(rows) == df.height, table
        for column in [c for c, t in df.schema.items() if t in (pl.Date,) or isinstance(t, pl.Datetime)]:
            df[column].dt.year()


def check_every_table_in_pyarrow(dataset):
    for table in TABLES:
        t = pq_table(dataset, table)
        rows = t.to_pylist()
        assert len(rows) == t.num_rows, table
        t.to_pandas()
        t.to_pandas(date_as_object=False)


def check_every_table_in_pandas(dataset):
    for table in TABLES:
        df = pd.read_parquet(dataset / table)
        schema = pq_table(dataset, table).schema
        for column in date_columns(schema):
            converted = pd.to_datetime(df[column])
            assert converted.notna().sum() == df[column].notna().sum(), (table, column)
            # Back to Python objects, as a user printing or iterating the column does.
            list(converted.dt.date)
        df.to_dict("records")


def readable_date_range_holds(dataset):
    """Every DATE and TIMESTAMP value lies within the years 1 to 9999."""
    con = duckdb.connect()
    for table in TABLES:
        schema = pq_table(dataset, table).schema
        for column in date_columns(schema):
            low, high = con.execute(
                f"select min(year({column})), max(year({column})) from read_parquet('{glob(dataset, table)}')"
            ).fetchone()
            assert low is None or (1 <= low and high <= 9999), (table, column, low, high)


def test_hostile_dates_load_in_duckdb(hostile_dataset):
    check_every_table_in_duckdb(hostile_dataset)
    readable_date_range_holds(hostile_dataset)


def test_hostile_dates_load_in_polars(hostile_dataset):
    check_every_table_in_polars(hostile_dataset)


def test_hostile_dates_load_in_pyarrow(hostile_dataset):
    check_every_table_in_pyarrow(hostile_dataset)


def test_hostile_dates_load_in_pandas(hostile_dataset):
    check_every_table_in_pandas(hostile_dataset)


def test_first_century_is_ad_1_to_100_with_its_value_kept(hostile_dataset):
    con = duckdb.connect()
    rows = con.execute(
        f"select distinct value, resolved_start, resolved_end from read_parquet('{glob(hostile_dataset, 'dates')}') "
        "where lower(text) = 'the 1st century'"
    ).fetchall()
    assert rows == [("00", datetime.date(1, 1, 1), datetime.date(100, 12, 31))]
    # A value no reader can hold keeps its TIMEX text and has no bounds.
    far = con.execute(
        f"select value, resolved_start from read_parquet('{glob(hostile_dataset, 'dates')}') "
        "where text = '100 centuries later'"
    ).fetchall()
    assert far and all(start is None for _, start in far)


def test_shared_corpus_loads_in_duckdb(corpus_dataset):
    check_every_table_in_duckdb(corpus_dataset)
    readable_date_range_holds(corpus_dataset)


def test_shared_corpus_loads_in_polars(corpus_dataset):
    check_every_table_in_polars(corpus_dataset)


def test_shared_corpus_loads_in_pyarrow(corpus_dataset):
    check_every_table_in_pyarrow(corpus_dataset)


def test_shared_corpus_loads_in_pandas(corpus_dataset):
    check_every_table_in_pandas(corpus_dataset)
