//! The memos of own-feature sums against a fresh sum, token by token.

use super::*;

/// Every token's own-feature sums as the memos give them equal a fresh sum over its own
/// features, cold and warm: more distinct forms than the memo of analyses has slots (so
/// later forms take over earlier forms' slots between the analysis and the sums), a
/// headline in capitals (truecased tokens, kept by the other memo), tokens longer than a
/// memo keeps, and non-ASCII forms.
#[test]
fn memoised_own_sums_equal_fresh_sums_for_every_token() {
    let model = crate::shipped_model();
    let ex = model.extractor();
    let forms: Vec<String> = (0..80_000)
        .map(|i| match i % 5 {
            0 => format!("Name{i}"),
            1 => format!("word{i}ing"),
            2 => format!("{i}.5"),
            3 => format!("Zoë{i}"),
            _ => format!("a-token-longer-than-the-memo-keeps-{i}"),
        })
        .collect();
    // The shared memo document first: a headline in capitals, names, curly apostrophes.
    let mut sents: Vec<Vec<&str>> = crate::tests::memo_doc();
    for _ in 0..2 {
        sents.extend(
            forms
                .chunks(8)
                .map(|c| c.iter().map(String::as_str).collect()),
        );
    }
    let fresh = |sc: &Scratch, t: usize, tok: &str| {
        let (mut feats, mut lower) = (Vec::new(), String::new());
        ex.own_features(sc.token_info(t), tok, &mut lower, &mut feats);
        model.packed.sum_token(&mut feats)
    };
    let mut sc = Scratch::default();
    for round in 0..2 {
        ex.analyze_doc(&sents, &mut sc);
        with_memos(|memos| {
            for (t, &tok) in sents.iter().flatten().enumerate() {
                let got = memos.get(model.packed.id, &ex, &sc, t, tok, |f| {
                    model.packed.sum_token(f)
                });
                assert_eq!(got, fresh(&sc, t, tok), "{tok:?}, round {round}");
            }
        });
    }
    assert!(sc.token_info(0).truecased(), "the headline is truecased");
}
