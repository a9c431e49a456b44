//! From segments to a drawn symbol: version choice, the codeword sequence with its
//! padding and Reed-Solomon blocks, placement, and the mask.

use crate::gf::Generator;
use crate::matrix::{Matrix, image_len};
use crate::penalty::penalty;
use crate::segment::{BitWriter, Segment};
use crate::version::{Blocks, Ecc, Version};

/// Why a symbol could not be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// The segments do not fit the largest allowed version at this level.
    TooLong,
    /// The scratch or image buffer is shorter than the chosen version needs.
    BufferTooSmall,
}

/// Which mask pattern to apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaskChoice {
    /// Always this pattern (0-7); Linux's drm_panic_qr uses 0.
    Fixed(u8),
    /// The pattern with the lowest penalty score, the lowest number on a tie.
    Best,
}

/// The codewords of a message, interleaved order not yet applied, in caller memory:
/// data codewords of all blocks, then each block's error-correction codewords.
pub struct Codewords<'a> {
    words: &'a [u8],
    version: Version,
    ecc: Ecc,
    blocks: Blocks,
}

/// What was drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub version: Version,
    pub ecc: Ecc,
    pub mask: u8,
    /// Modules per side.
    pub width: usize,
}

/// The smallest version from `min` that holds `segments` at `ecc`.
pub fn choose_version(segments: &[Segment<'_>], ecc: Ecc, min: Version) -> Option<Version> {
    let mut version = min;
    loop {
        let capacity = version.data_codewords(ecc) * 8;
        let needed = segments
            .iter()
            .try_fold(0usize, |sum, s| Some(sum + s.bits(version)?));
        if needed.is_some_and(|bits| bits <= capacity) {
            return Some(version);
        }
        version = version.next()?;
    }
}

/// Writes the codewords of `segments` at `ecc` into `scratch`, in the smallest version
/// from `min` that holds them.
pub fn encode<'a>(
    segments: &[Segment<'_>],
    ecc: Ecc,
    min: Version,
    scratch: &'a mut [u8],
) -> Result<Codewords<'a>, Error> {
    let version = choose_version(segments, ecc, min).ok_or(Error::TooLong)?;
    let blocks = version.blocks(ecc);
    let words = scratch
        .get_mut(..version.total_codewords())
        .ok_or(Error::BufferTooSmall)?;
    words.fill(0);
    let data_len = blocks.data_len();
    let (data, ecc_words) = words.split_at_mut(data_len.min(words.len()));

    let mut writer = BitWriter::new(data);
    for segment in segments {
        segment.write(&mut writer, version);
    }
    // The terminator (up to 4 zero bits) and the zero bits to the byte boundary are
    // already zero; then the pad codewords alternate 11101100, 00010001.
    let used = (writer.position() + 4).div_ceil(8);
    for (i, byte) in data.iter_mut().enumerate().skip(used) {
        *byte = if (i - used).is_multiple_of(2) {
            0xec
        } else {
            0x11
        };
    }

    let generator = Generator::new(blocks.ecc_len).ok_or(Error::TooLong)?;
    for (index, ecc_block) in ecc_words.chunks_mut(blocks.ecc_len.max(1)).enumerate() {
        let start = blocks.data_start(index);
        let block = data.get(start..start + blocks.len_of(index)).unwrap_or(&[]);
        generator.remainder(block, ecc_block);
    }
    Ok(Codewords {
        words,
        version,
        ecc,
        blocks,
    })
}

impl Codewords<'_> {
    pub fn version(&self) -> Version {
        self.version
    }

    /// The codewords in transmission order: the i-th data codeword of every block in
    /// turn (the longer blocks' extra last one after the rest), then the same for the
    /// error-correction codewords.
    fn interleaved(&self) -> impl Iterator<Item = u8> + '_ {
        let b = self.blocks;
        let count = b.count.get();
        let data_len = b.data_len();
        let data = (0..=b.short_len).flat_map(move |i| {
            (0..count)
                .filter(move |&blk| i < b.len_of(blk))
                .map(move |blk| b.data_start(blk) + i)
        });
        let ecc = (0..b.ecc_len)
            .flat_map(move |i| (0..count).map(move |blk| data_len + blk * b.ecc_len + i));
        data.chain(ecc)
            .map(|index| self.words.get(index).copied().unwrap_or(0))
    }

    fn bits(&self) -> impl Iterator<Item = bool> + '_ {
        self.interleaved()
            .flat_map(|byte| (0..8).rev().map(move |i| byte >> i & 1 != 0))
    }

    /// Draws the symbol into `image` (see [`crate::matrix`] for the format).
    pub fn draw(&self, image: &mut [u8], mask: MaskChoice) -> Result<Symbol, Error> {
        let mut matrix = Matrix::new(image, self.version).ok_or(Error::BufferTooSmall)?;
        matrix.draw_function_patterns();
        matrix.place_data(self.bits());
        let mask = match mask {
            MaskChoice::Fixed(mask) => mask & 7,
            MaskChoice::Best => {
                let mut best = (u32::MAX, 0);
                for candidate in 0..8 {
                    matrix.apply_mask(candidate);
                    matrix.draw_format(self.ecc, candidate);
                    let score = penalty(&matrix);
                    if score < best.0 {
                        best = (score, candidate);
                    }
                    matrix.apply_mask(candidate);
                }
                best.1
            }
        };
        matrix.apply_mask(mask);
        matrix.draw_format(self.ecc, mask);
        Ok(Symbol {
            version: self.version,
            ecc: self.ecc,
            mask,
            width: matrix.width(),
        })
    }
}

/// Image bytes for the largest symbol: what a caller must provide to fit any version.
pub const MAX_IMAGE_LEN: usize = image_len(Version::MAX);
/// Scratch bytes for the largest symbol (its codeword count).
pub const MAX_SCRATCH_LEN: usize = Version::MAX.total_codewords();
