"""Load the written dataset the way users do: DuckDB, pyarrow, polars and pandas.

Runs the newsprint binary (NEWSPRINT_BIN) over the team's fixtures plus the shared seed
article, then checks types, offsets and the seed's values in each reader.
"""

import os
import subprocess
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds
import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seeds" / "000_6dbaf81a952dee8b.txt"
SEED_TITLE = "Kremlin Says Russia-U.S. Diplomatic Talks ‘Going Nowhere Fast’"


@pytest.fixture(scope="session")
def dataset(tmp_path_factory):
    out = tmp_path_factory.mktemp("load") / "news"
    binary = os.environ.get("NEWSPRINT_BIN", str(ROOT / "target" / "debug" / "newsprint"))
    inputs = [str(ROOT / "tests" / "fixtures")]
    if SEED.exists():
        inputs.append(str(SEED))
    subprocess.run(
        [binary, "run", "--input", *inputs, "--output", str(out), "-q"],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    return out


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
    for table in ["articles", "links", "dates", "mentions", "entities", "rejects"]:
        df = pd.read_parquet(dataset / table)
        assert len(df) > 0, table
    df = pd.read_parquet(dataset / "articles")
    assert str(df["published_at"].dtype) == "datetime64[us, UTC]"


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
        from read_parquet('{glob(dataset, 'articles')}') where source_file = '000_6dbaf81a952dee8b.txt'
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
