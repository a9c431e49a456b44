//! The module grid in the caller's buffer: 1 bit per module, rows padded to whole bytes,
//! MSB first, and a set bit is a LIGHT module (the polarity of Linux's drm_panic_qr,
//! whose caller paints set bits in the light colour).

use crate::version::{AlignmentCentres, Ecc, Version, format_info};

/// Bytes a symbol of `version` takes in the output format.
pub const fn image_len(version: Version) -> usize {
    let width = version.width();
    width.div_ceil(8) * width
}

/// A symbol being drawn into a borrowed buffer.
pub struct Matrix<'a> {
    bits: &'a mut [u8],
    width: usize,
    stride: usize,
    version: Version,
    /// Per coordinate: 1 + the index of the alignment-pattern centre it lies within 2
    /// of, or 0.
    near_alignment: [u8; 177],
    /// Index of the last alignment centre (0 when there are none).
    last_alignment: u8,
}

impl<'a> Matrix<'a> {
    /// A cleared (all dark) symbol of `version`, or `None` if `bits` is too short.
    pub fn new(bits: &'a mut [u8], version: Version) -> Option<Matrix<'a>> {
        Self::build(bits, version, true)
    }

    fn build(bits: &'a mut [u8], version: Version, clear: bool) -> Option<Matrix<'a>> {
        let width = version.width();
        let bits = bits.get_mut(..image_len(version))?;
        if clear {
            bits.fill(0);
        }
        let mut near_alignment = [0u8; 177];
        let centres = version.alignment_centres();
        for (index, &centre) in (1u8..).zip(centres.as_slice()) {
            let centre = usize::from(centre);
            for slot in near_alignment.iter_mut().skip(centre - 2).take(5) {
                *slot = index;
            }
        }
        let last_alignment = centres.as_slice().len().saturating_sub(1) as u8;
        Some(Matrix {
            bits,
            width,
            stride: width.div_ceil(8),
            version,
            near_alignment,
            last_alignment,
        })
    }

    /// A view of an already drawn symbol, or `None` if `bits` is too short.
    pub fn wrap(bits: &'a mut [u8], version: Version) -> Option<Matrix<'a>> {
        Self::build(bits, version, false)
    }

    pub fn width(&self) -> usize {
        self.width
    }

    /// Whether the module at column `x`, row `y` is dark.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.bits
            .get(y * self.stride + x / 8)
            .is_some_and(|b| b & (0x80 >> (x % 8)) == 0)
    }

    fn set_dark(&mut self, x: usize, y: usize, dark: bool) {
        if let Some(b) = self.bits.get_mut(y * self.stride + x / 8) {
            let bit = 0x80 >> (x % 8);
            if dark { *b &= !bit } else { *b |= bit }
        }
    }

    fn flip(&mut self, x: usize, y: usize) {
        if let Some(b) = self.bits.get_mut(y * self.stride + x / 8) {
            *b ^= 0x80 >> (x % 8);
        }
    }

    fn in_finder_corner(&self, x: usize, y: usize) -> bool {
        let far = self.width - 8;
        (x < 9 && (y < 9 || y >= far)) || (x >= far && y < 9)
    }

    /// Whether a module belongs to a function pattern or to the format and version
    /// areas, and so carries no data: finders with separators and format areas, timing
    /// patterns, alignment patterns and the version blocks.
    pub fn is_function(&self, x: usize, y: usize) -> bool {
        if self.in_finder_corner(x, y) || x == 6 || y == 6 {
            return true;
        }
        let far = self.width - 11;
        if self.version.version_info().is_some() && ((x >= far && y < 6) || (y >= far && x < 6)) {
            return true;
        }
        let near = |c: usize| self.near_alignment.get(c).copied().unwrap_or(0);
        let (ix, iy) = (near(x), near(y));
        if ix == 0 || iy == 0 {
            return false;
        }
        // The three centre pairs that would overlap a finder carry no pattern.
        let (first, last) = (1, self.last_alignment + 1);
        !((ix == first && (iy == first || iy == last)) || (ix == last && iy == first))
    }

    /// Draws everything but the data and the format information, which depends on the
    /// mask: finders, separators, timing and alignment patterns, version information and
    /// the dark module.
    pub fn draw_function_patterns(&mut self) {
        let w = self.width;
        // Start with the corners, timing rows and format areas light, then darken.
        for y in 0..w {
            for x in 0..w {
                if self.is_function(x, y) {
                    self.set_dark(x, y, false);
                }
            }
        }
        for (cx, cy) in [(3, 3), (w - 4, 3), (3, w - 4)] {
            self.draw_ring_pattern(cx, cy, 3);
        }
        for i in (8..w - 8).step_by(2) {
            self.set_dark(i, 6, true);
            self.set_dark(6, i, true);
        }
        let centres: AlignmentCentres = self.version.alignment_centres();
        for &cy in centres.as_slice() {
            for &cx in centres.as_slice() {
                let (cx, cy) = (usize::from(cx), usize::from(cy));
                if !self.in_finder_corner(cx, cy) {
                    self.draw_ring_pattern(cx, cy, 2);
                }
            }
        }
        if let Some(info) = self.version.version_info() {
            for i in 0..18 {
                let dark = info >> i & 1 != 0;
                let (a, b) = (w - 11 + i % 3, i / 3);
                self.set_dark(a, b, dark);
                self.set_dark(b, a, dark);
            }
        }
        self.set_dark(8, w - 8, true);
    }

    /// Concentric squares around a centre, light only at distance `radius - 1` (finders:
    /// radius 3, a 3 x 3 core in a light ring in a dark ring; alignment patterns: radius
    /// 2); a finder's light separator, the ring beyond, is already light.
    fn draw_ring_pattern(&mut self, cx: usize, cy: usize, radius: usize) {
        for y in cy - radius..=cy + radius {
            for x in cx - radius..=cx + radius {
                let distance = x.abs_diff(cx).max(y.abs_diff(cy));
                self.set_dark(x, y, distance != radius - 1);
            }
        }
    }

    /// Places `bits` (MSB of each codeword first) in the two-column zig-zag from the
    /// bottom-right corner, skipping function modules and the vertical timing column.
    /// Modules left over are remainder bits, light.
    pub fn place_data(&mut self, mut bits: impl Iterator<Item = bool>) {
        let w = self.width;
        let mut right = w - 1;
        let mut upward = true;
        loop {
            for step in 0..w {
                let y = if upward { w - 1 - step } else { step };
                for x in [right, right - 1] {
                    if !self.is_function(x, y) {
                        let dark = bits.next().unwrap_or(false);
                        self.set_dark(x, y, dark);
                    }
                }
            }
            if right < 3 {
                break;
            }
            upward = !upward;
            right -= 2;
            if right == 6 {
                right = 5;
            }
        }
    }

    /// Inverts the data modules where mask pattern `mask` (0-7, 7.8.2) is true.
    pub fn apply_mask(&mut self, mask: u8) {
        let w = self.width;
        for y in 0..w {
            for x in 0..w {
                if mask_bit(mask, x, y) && !self.is_function(x, y) {
                    self.flip(x, y);
                }
            }
        }
    }

    /// Writes both copies of the format information for `ecc` and `mask`.
    pub fn draw_format(&mut self, ecc: Ecc, mask: u8) {
        let info = format_info(ecc, mask);
        let w = self.width;
        for i in 0..15 {
            let dark = info >> i & 1 != 0;
            // Around the top-left finder: bits 0-7 up column 8 (skipping the timing row),
            // bits 8-14 leftwards along row 8 (skipping the timing column).
            let (x, y) = match i {
                0..=5 => (8, i),
                6 => (8, 7),
                7 => (8, 8),
                8 => (7, 8),
                _ => (14 - i, 8),
            };
            self.set_dark(x, y, dark);
            // The second copy: bits 0-7 along row 8 from the right edge, bits 8-14 down
            // column 8 to the bottom edge.
            let (x, y) = if i < 8 {
                (w - 1 - i, 8)
            } else {
                (8, w - 15 + i)
            };
            self.set_dark(x, y, dark);
        }
    }
}

/// Whether mask pattern `mask` inverts the module at column `x`, row `y`, in the
/// standard's formulas (i = row, j = column).
#[allow(clippy::manual_is_multiple_of)]
pub fn mask_bit(mask: u8, x: usize, y: usize) -> bool {
    match mask {
        0 => (x + y) % 2 == 0,
        1 => y % 2 == 0,
        2 => x % 3 == 0,
        3 => (x + y) % 3 == 0,
        4 => (y / 2 + x / 3) % 2 == 0,
        5 => (x * y) % 2 + (x * y) % 3 == 0,
        6 => ((x * y) % 2 + (x * y) % 3) % 2 == 0,
        _ => ((x + y) % 2 + (x * y) % 3) % 2 == 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_modules_match_the_capacity() {
        for v in 1..=40 {
            let version = Version::new(v).unwrap();
            let mut buffer = [0u8; 4071];
            let m = Matrix::new(&mut buffer, version).unwrap();
            let w = m.width();
            let free = (0..w)
                .flat_map(|y| (0..w).map(move |x| (x, y)))
                .filter(|&(x, y)| !m.is_function(x, y))
                .count();
            assert_eq!(free, version.codeword_modules(), "v{v}");
        }
    }
}
