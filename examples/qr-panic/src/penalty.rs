//! The mask penalty score (ISO/IEC 18004, 7.8.3): the mask with the lowest score makes
//! the symbol easiest to read.
//!
//! - N1 = 3 for a run of 5 same-colour modules in a row or column, +1 per extra module;
//! - N2 = 3 for every 2 x 2 block of one colour (blocks may overlap);
//! - N3 = 40 for every dark-light-dark-light-dark run sequence in ratio 1:1:3:1:1 with a
//!   light run of at least 4 units on one side (once per such side; outside the symbol
//!   counts as light, as the quiet zone is);
//! - N4 = 10 for every full 5 % that the dark share deviates from 50 % beyond the first.

use core::num::NonZeroUsize;

use crate::matrix::Matrix;

/// The total penalty of a drawn symbol.
pub fn penalty(matrix: &Matrix<'_>) -> u32 {
    let w = matrix.width();
    let mut score = 0;
    for y in 0..w {
        score += line_penalty(w, |x| matrix.is_dark(x, y));
    }
    for x in 0..w {
        score += line_penalty(w, |y| matrix.is_dark(x, y));
    }
    let mut dark = 0usize;
    for y in 0..w {
        for x in 0..w {
            let here = matrix.is_dark(x, y);
            dark += usize::from(here);
            if x + 1 < w
                && y + 1 < w
                && matrix.is_dark(x + 1, y) == here
                && matrix.is_dark(x, y + 1) == here
                && matrix.is_dark(x + 1, y + 1) == here
            {
                score += 3;
            }
        }
    }
    score + balance_penalty(dark, w * w)
}

/// N4: with d the dark share in percent, 10 * (ceil(|d - 50| / 5) - 1). The module
/// count is odd, so the share is never exactly 50 %.
fn balance_penalty(dark: usize, total: usize) -> u32 {
    let Some(total) = NonZeroUsize::new(total) else {
        return 0;
    };
    let deviation = (dark * 20).abs_diff(total.get() * 10);
    (deviation.div_ceil(total.get()).saturating_sub(1) * 10) as u32
}

/// N1 and N3 of one row or column.
fn line_penalty(w: usize, is_dark: impl Fn(usize) -> bool) -> u32 {
    let mut line = Runs {
        recent: [0; 7],
        score: 0,
    };
    // The quiet zone before the line is a light run longer than any pattern needs; it
    // counts for N3 (`len`) but not for N1 (`inside`).
    let mut dark = false;
    let mut len = w;
    let mut inside = 0;
    for i in 0..w {
        let here = is_dark(i);
        if here == dark {
            len += 1;
            inside += 1;
        } else {
            line.close(len, inside, dark);
            dark = here;
            len = 1;
            inside = 1;
        }
    }
    if dark {
        line.close(len, inside, true);
        line.close(w, 0, false);
    } else {
        line.close(len + w, inside, false);
    }
    line.score
}

/// The last seven closed runs of a line, newest last.
struct Runs {
    recent: [usize; 7],
    score: u32,
}

impl Runs {
    /// Closes a run of `inside` modules of the symbol, `len` with the quiet zone.
    fn close(&mut self, len: usize, inside: usize, dark: bool) {
        if inside >= 5 {
            self.score += 3 + (inside - 5) as u32;
        }
        self.recent.rotate_left(1);
        if let Some(newest) = self.recent.last_mut() {
            *newest = len;
        }
        if !dark {
            self.score += 40 * self.finder_like();
        }
    }

    /// 1:1:3:1:1 patterns in the last seven runs, which end with a light run: one for
    /// each side with a light run of 4 units, the other side at least 1 unit.
    fn finder_like(&self) -> u32 {
        let [before, d1, l1, d3, l2, d4, after] = self.recent;
        let n = d1;
        if n == 0 || l1 != n || d3 != 3 * n || l2 != n || d4 != n {
            return 0;
        }
        u32::from(before >= 4 * n && after >= n) + u32::from(after >= 4 * n && before >= n)
    }
}
