//! The corpus's only source of randomness: splitmix64, seeded per article and per photo, so
//! that article i is the same bytes whatever the thread count and whichever articles were
//! generated before it.

/// A splitmix64 generator (Steele, Lea and Flood): tiny, fast and good enough for test data.
pub(crate) struct Rng(u64);

impl Rng {
    /// The generator of one item (`stream` says which kind: articles, photos) of a corpus.
    /// Mixing through splitmix once keeps neighbouring indices from giving related streams.
    pub(crate) fn for_item(seed: u64, stream: u64, index: u64) -> Rng {
        let mut mixer = Rng(seed ^ stream.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        let base = mixer.next_u64();
        let mut rng = Rng(base ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        rng.next_u64();
        rng
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (0 when n is 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }

    /// Uniform in lo..=hi.
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    /// Uniform in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Between lo and hi (inclusive) distinct indices of 0..n, in random order.
    pub(crate) fn some(&mut self, n: usize, lo: i64, hi: i64) -> Vec<usize> {
        let k = self.range(lo, hi) as usize;
        self.sample(n, k)
    }

    /// k distinct indices of 0..n, in random order (a partial Fisher–Yates shuffle).
    pub(crate) fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        for i in 0..k.min(n) {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k.min(n));
        all
    }

    /// A value in lo..=hi that is a multiple of `step`: figures in reports are round.
    pub(crate) fn rounded(&mut self, lo: i64, hi: i64, step: i64) -> i64 {
        self.range(lo / step, hi / step) * step
    }

    /// A value in tenths between lo and hi: whole half of the time, one decimal otherwise.
    pub(crate) fn tenths(&mut self, lo: i64, hi: i64) -> i64 {
        let t = self.range(lo * 10, hi * 10);
        if self.chance(0.5) { t / 10 * 10 } else { t }
    }

    /// A UUID-shaped (version 4) identifier, for the stable `id` of an original.
    pub(crate) fn uuid(&mut self) -> String {
        let a = self.next_u64();
        let b = self.next_u64();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xFFFF,
            a & 0xFFF,
            8 | (b >> 62),
            (b >> 48) & 0xFFF,
            b & 0xFFFF_FFFF_FFFF
        )
    }
}
