//! The fuzz target's properties (support/qr_fuzz.rs) on deterministic inputs, so the
//! check runs in every test run and cannot rot between fuzzing sessions: every flag
//! combination with short bodies, and random headers with bodies up to past a version
//! 40 symbol's capacity.

mod support {
    pub mod qr_fuzz;
    pub mod qr_read;
}

use support::qr_read::reads_back;

/// Deterministic pseudo-random numbers (xorshift64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| (self.next() >> 56) as u8).collect()
    }
}

#[test]
fn every_flag_combination_on_short_bodies() {
    let mut rng = Rng(0x0b5e_55ed);
    let mut n = 0;
    for flags in 0..=255u8 {
        for body_len in [0, 1, 17, 60] {
            let mut input = vec![flags, 12, (rng.next() >> 56) as u8];
            input.extend(rng.bytes(body_len));
            support::qr_fuzz::check_reading_back(&input, reads_back(n));
            n += 1;
        }
    }
}

#[test]
fn random_calls_up_to_past_the_largest_symbol() {
    let mut rng = Rng(0x5eed_f00d);
    for n in 0..300 {
        let header = rng.bytes(3);
        // Mostly short bodies (most symbols a panic screen draws), some up to 3,100
        // bytes, beyond the 2,953 a version 40-L symbol holds.
        let len = match rng.next() % 8 {
            0 => (rng.next() % 3100) as usize,
            _ => (rng.next() % 200) as usize,
        };
        let mut input = header;
        input.extend(rng.bytes(len));
        support::qr_fuzz::check_reading_back(&input, reads_back(n));
    }
}
