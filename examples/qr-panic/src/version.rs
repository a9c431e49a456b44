//! Symbol versions and error-correction levels: sizes, block structure and capacity
//! (ISO/IEC 18004, sections 6.4 and 7.5, Tables 1 and 9), and the BCH-coded format and
//! version information (Annexes C and D).

use core::num::NonZeroUsize;

/// A symbol version, 1 (21 x 21 modules) to 40 (177 x 177).
///
/// # Invariants
/// The number is in `1..=40`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(u8);

/// How much of the symbol is error correction: about 7, 15, 25 or 30 % of the codewords
/// can be restored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ecc {
    Low = 0,
    Medium = 1,
    Quartile = 2,
    High = 3,
}

impl Ecc {
    /// All four levels, lowest first.
    pub const ALL: [Ecc; 4] = [Ecc::Low, Ecc::Medium, Ecc::Quartile, Ecc::High];

    /// The level numbered as in [`Ecc::ALL`], if there is one.
    pub fn from_index(index: u8) -> Option<Ecc> {
        Ecc::ALL.get(usize::from(index)).copied()
    }

    /// The two bits the format information carries (L = 01, M = 00, Q = 11, H = 10).
    fn format_bits(self) -> u16 {
        match self {
            Ecc::Low => 0b01,
            Ecc::Medium => 0b00,
            Ecc::Quartile => 0b11,
            Ecc::High => 0b10,
        }
    }
}

/// Error-correction codewords per block, by level then version (Table 9).
const ECC_PER_BLOCK: [[u8; 40]; 4] = [
    [
        7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30,
        30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    ],
    [
        10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28,
        28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
    ],
    [
        13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30,
        30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    ],
    [
        17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30,
        30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    ],
];

/// Number of blocks the codewords are split into, by level then version (Table 9).
const BLOCKS: [[u8; 40]; 4] = [
    [
        1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13,
        14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25,
    ],
    [
        1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23,
        25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
    ],
    [
        1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29,
        34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68,
    ],
    [
        1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35,
        37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81,
    ],
];

/// How a version's codewords split into Reed-Solomon blocks at one level: `short_count`
/// blocks of `short_len` data codewords, then blocks of `short_len + 1`, each followed
/// (after interleaving) by `ecc_len` error-correction codewords.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Blocks {
    pub count: NonZeroUsize,
    pub short_count: usize,
    pub short_len: usize,
    pub ecc_len: usize,
}

impl Blocks {
    /// Data codewords of all blocks together.
    pub fn data_len(&self) -> usize {
        self.short_len * self.count.get() + (self.count.get() - self.short_count)
    }

    /// Where block `index`'s data codewords start in the concatenated data.
    pub fn data_start(&self, index: usize) -> usize {
        index * self.short_len + index.saturating_sub(self.short_count)
    }

    /// The data length of block `index`.
    pub fn len_of(&self, index: usize) -> usize {
        self.short_len + usize::from(index >= self.short_count)
    }
}

impl Version {
    pub const MIN: Version = Version(1);
    pub const MAX: Version = Version(40);

    /// The version numbered `number`, if it is one.
    pub const fn new(number: u8) -> Option<Version> {
        if number >= 1 && number <= 40 {
            Some(Version(number))
        } else {
            None
        }
    }

    pub const fn number(self) -> u8 {
        self.0
    }

    /// The next larger version, if any.
    pub const fn next(self) -> Option<Version> {
        Version::new(self.0 + 1)
    }

    /// Modules per side.
    pub const fn width(self) -> usize {
        17 + 4 * self.0 as usize
    }

    fn index(self) -> usize {
        usize::from(self.0 - 1)
    }

    /// Modules left for codewords once the function patterns, format and version
    /// information are placed: the square minus three finders with their separators and
    /// format areas (3 * 64 + 31), the timing rows, the alignment patterns not covered by
    /// them, and two 18-module version blocks from version 7.
    pub const fn codeword_modules(self) -> usize {
        let v = self.0 as usize;
        let width = 17 + 4 * v;
        let timing = 2 * (width - 16);
        let mut modules = width * width - 3 * 64 - 31 - timing;
        if v >= 2 {
            let per_side = v / 7 + 2;
            // The grid has per_side^2 centres; three sit on finders. Those on the timing
            // rows (2 * (per_side - 2)) already gave 5 modules to timing.
            let all = per_side * per_side - 3;
            let on_timing = 2 * (per_side - 2);
            modules -= all * 25 - on_timing * 5;
        }
        if v >= 7 {
            modules -= 36;
        }
        modules
    }

    /// All codewords, data and error correction (the leftover 0-7 modules are remainder
    /// bits).
    pub const fn total_codewords(self) -> usize {
        self.codeword_modules() / 8
    }

    /// The block structure at `ecc`.
    pub fn blocks(self, ecc: Ecc) -> Blocks {
        let level = ecc as usize;
        let pick = |table: &[[u8; 40]; 4]| {
            table
                .get(level)
                .and_then(|row| row.get(self.index()))
                .map_or(1, |&n| usize::from(n))
        };
        let count = NonZeroUsize::new(pick(&BLOCKS)).unwrap_or(NonZeroUsize::MIN);
        let ecc_len = pick(&ECC_PER_BLOCK);
        let data_total = self.total_codewords().saturating_sub(ecc_len * count.get());
        let short_len = data_total / count;
        let long_count = data_total % count;
        Blocks {
            count,
            short_count: count.get() - long_count,
            short_len,
            ecc_len,
        }
    }

    /// Data codewords at `ecc`: the capacity before segment headers.
    pub fn data_codewords(self, ecc: Ecc) -> usize {
        self.blocks(ecc).data_len()
    }

    /// Centres of the alignment patterns along one axis (Annex E): 6, then evenly
    /// spaced up to `width - 7`, the spacing even and the first gap taking the slack.
    pub fn alignment_centres(self) -> AlignmentCentres {
        let mut centres = AlignmentCentres {
            positions: [0; 7],
            len: 0,
        };
        let v = usize::from(self.0);
        if v < 2 {
            return centres;
        }
        let count = v / 7 + 2;
        let last = self.width() - 7;
        let step = if v == 32 {
            26
        } else {
            (last - 6).div_ceil(2 * (count - 1)) * 2
        };
        centres.len = count.min(7);
        let mut k = 1;
        while k < centres.len {
            if let Some(slot) = centres.positions.get_mut(centres.len - k) {
                *slot = (last - (k - 1) * step) as u8;
            }
            k += 1;
        }
        centres.positions[0] = 6;
        centres
    }

    /// The 18-bit version information (6 data bits, 12 BCH bits), from version 7 on.
    pub const fn version_info(self) -> Option<u32> {
        if self.0 < 7 {
            return None;
        }
        let data = self.0 as u32;
        let mut rem = data;
        let mut i = 0;
        while i < 12 {
            rem = (rem << 1) ^ ((rem >> 11) * 0x1f25);
            i += 1;
        }
        Some(data << 12 | (rem & 0xfff))
    }
}

/// Up to seven alignment-pattern centre coordinates.
#[derive(Clone, Copy, Debug)]
pub struct AlignmentCentres {
    positions: [u8; 7],
    len: usize,
}

impl AlignmentCentres {
    pub fn as_slice(&self) -> &[u8] {
        self.positions.get(..self.len).unwrap_or(&[])
    }
}

/// The 15-bit format information for a level and mask: 5 data bits, 10 BCH bits, and
/// the fixed XOR pattern that keeps it from being all zeros.
pub fn format_info(ecc: Ecc, mask: u8) -> u16 {
    let data = ecc.format_bits() << 3 | u16::from(mask & 7);
    let mut rem = data;
    for _ in 0..10 {
        rem = (rem << 1) ^ ((rem >> 9) * 0x537);
    }
    (data << 10 | (rem & 0x3ff)) ^ 0x5412
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacities_match_the_standard_s_totals() {
        // Table 1: total codewords of versions 1, 2, 7, 14, 40.
        for (v, total) in [(1, 26), (2, 44), (7, 196), (14, 581), (40, 3706)] {
            assert_eq!(Version::new(v).unwrap().total_codewords(), total, "v{v}");
        }
        // Table 7: data codewords of 1-L, 1-H, 40-L, 40-H.
        assert_eq!(Version::MIN.data_codewords(Ecc::Low), 19);
        assert_eq!(Version::MIN.data_codewords(Ecc::High), 9);
        assert_eq!(Version::MAX.data_codewords(Ecc::Low), 2956);
        assert_eq!(Version::MAX.data_codewords(Ecc::High), 1276);
        for v in 1..=40 {
            let version = Version::new(v).unwrap();
            for ecc in Ecc::ALL {
                let b = version.blocks(ecc);
                assert_eq!(
                    b.data_len() + b.ecc_len * b.count.get(),
                    version.total_codewords()
                );
            }
        }
    }

    #[test]
    fn alignment_centres() {
        let of = |v| {
            Version::new(v)
                .unwrap()
                .alignment_centres()
                .as_slice()
                .to_vec()
        };
        assert!(of(1).is_empty());
        assert_eq!(of(2), [6, 18]);
        assert_eq!(of(7), [6, 22, 38]);
        assert_eq!(of(32), [6, 34, 60, 86, 112, 138]);
        assert_eq!(of(36), [6, 24, 50, 76, 102, 128, 154]);
        assert_eq!(of(40), [6, 30, 58, 86, 114, 142, 170]);
    }

    #[test]
    fn bch_codes() {
        assert_eq!(format_info(Ecc::Low, 0), 0x77c4);
        assert_eq!(format_info(Ecc::High, 7), 0x083b);
        assert_eq!(Version::new(7).unwrap().version_info(), Some(0x07c94));
        assert_eq!(Version::MAX.version_info(), Some(0x28c69));
        assert_eq!(Version::new(6).unwrap().version_info(), None);
    }
}
