//! A small deterministic generator (xorshift64) for synthetic text: the same seed gives the
//! same sequence on every machine, with no dependency. Not for anything that needs quality
//! randomness.

pub struct XorShift(u64);

impl XorShift {
    /// Any seed works (zero is bumped to one: xorshift's state must not be zero).
    pub fn new(seed: u64) -> XorShift {
        XorShift(seed | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}
