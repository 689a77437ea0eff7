#!/bin/sh
# Rebuilds crates/ner/models/ner-en-permissive.bin.gz, the shipped entity model, with `newsprint train-ner`
# from permissively licensed corpora only (../shared/corpora/NER-TRAINING.md). Training is
# deterministic: the same data gives the same bytes. Never add conll2003, gmb_kaggle,
# uner_en/en_pud-test, uner_en/en_ewt-test or the GUM test file here: they are not cleared
# for shipped weights, or they are test sets. --sports adds synthetic sports-results text
# (crates/ner/src/synth.rs: complete team enumerations by rule, not lists drawn from any eval set).
set -eu
C=${CORPORA:-../shared/corpora}
BIN=${NEWSPRINT:-target/release/newsprint}
nice -n 10 "$BIN" train-ner \
  --out "${OUT:-crates/ner/models/ner-en-permissive.bin.gz}" \
  --epochs 8 --sports 80 \
  --note "Trained on UNER EWT train/dev (CC BY-SA 4.0), Re-DocRED dev/test (MIT; text CC BY-SA), CrossNER (MIT; text CC BY-SA), GUM permissive train/dev (CC BY 4.0 / CC BY(-SA)), WikiGold (CC BY 4.0), plus synthetic sports-results text generated from our own templates and team lists. Weights offered under CC BY-SA 4.0 with attribution to these sources." \
  --train "$C/uner_en/en_ewt-train.conll" "$C/uner_en/en_ewt-dev.conll" \
  "$C/redocred_en/redocred-dev.conll" "$C/redocred_en/redocred-test.conll" \
  "$C"/crossner_en/crossner-*.conll \
  "$C/gum_en/gum-permissive-train.conll" "$C/gum_en/gum-permissive-dev.conll" \
  "$C/wikigold/wikigold.conll.txt"
