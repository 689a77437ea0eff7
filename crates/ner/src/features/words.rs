//! The corpus case table and the cluster table merged into one flat table, probed once
//! per form (the tagger's memo of token analyses, `Lexicon`, keeps the answer): open
//! addressing in one array (a probe is one cache line, where a `HashMap` reads its control
//! bytes and then its entry).

use super::WordInfo;

#[derive(Clone, Copy, Default)]
struct Slot {
    key: u32,
    used: bool,
    info: WordInfo,
}

/// What the corpus case table and the cluster table know of each word key
/// (`corpus_key`); absent keys are `None`, as from a map.
pub(crate) struct WordTable {
    slots: Vec<Slot>,
    /// log2 of the number of slots.
    bits: u32,
    /// Used slots.
    len: usize,
    /// Distinct for every table made in this process, and `changes` counts the calls that
    /// may have changed it: together they name what the memo of token analyses
    /// (`Lexicon`) read, which must not serve another table's entries or stale ones.
    id: u64,
    changes: u64,
}

static NEXT_TABLE_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn next_table_id() -> u64 {
    NEXT_TABLE_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Default for WordTable {
    fn default() -> Self {
        WordTable::with_capacity(0)
    }
}

impl WordTable {
    /// A table for `n` keys, at most three quarters full.
    pub(crate) fn with_capacity(n: usize) -> WordTable {
        let slots = (n + n / 3 + 1).next_power_of_two().max(16);
        WordTable {
            slots: vec![Slot::default(); slots],
            bits: slots.trailing_zeros(),
            len: 0,
            id: next_table_id(),
            changes: 0,
        }
    }

    /// This table in its present state, for memos of what was read from it.
    pub(crate) fn state(&self) -> (u64, u64) {
        (self.id, self.changes)
    }

    #[inline(always)]
    fn home(&self, key: u32) -> usize {
        ((key as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - self.bits)) as usize
    }

    /// The slot holding `key`, or the empty slot where it would go.
    #[inline]
    fn find(&self, key: u32) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = self.home(key);
        loop {
            let s = &self.slots[at];
            if !s.used || s.key == key {
                return at;
            }
            at = (at + 1) & mask;
        }
    }

    #[inline]
    pub(crate) fn get(&self, key: u32) -> Option<WordInfo> {
        let s = &self.slots[self.find(key)];
        s.used.then_some(s.info)
    }

    /// The entry of `key`, made (default) if absent.
    pub(crate) fn entry(&mut self, key: u32) -> &mut WordInfo {
        // The caller may change the entry: what was read of the table before is stale.
        self.changes += 1;
        let at = self.find(key);
        if !self.slots[at].used {
            // Keep the table at most three quarters full (probes end at an empty slot).
            if (self.len + 1) * 4 > self.slots.len() * 3 {
                self.grow();
                return self.entry(key);
            }
            self.slots[at] = Slot {
                key,
                used: true,
                info: WordInfo::default(),
            };
            self.len += 1;
        }
        &mut self.slots[at].info
    }

    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        *self = WordTable::with_capacity(old.len());
        for s in old.into_iter().filter(|s| s.used) {
            let at = self.find(s.key);
            self.slots[at] = s;
            self.len += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_as_a_map() {
        let mut t = WordTable::with_capacity(3);
        let mut m = std::collections::HashMap::new();
        let mut x = 12345u32;
        for i in 0..5000u32 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let key = if i % 7 == 0 { i } else { x };
            t.entry(key).corp = (i % 5) as u8;
            t.entry(key).cl[1] = i as u16;
            m.insert(key, ((i % 5) as u8, i as u16));
        }
        for (&k, &(corp, cl)) in &m {
            let got = t.get(k).unwrap();
            assert_eq!((got.corp, got.cl[1]), (corp, cl));
        }
        for k in [1u32, 2, 3, 0xdead_beef] {
            assert_eq!(t.get(k).is_some(), m.contains_key(&k));
        }
    }
}
