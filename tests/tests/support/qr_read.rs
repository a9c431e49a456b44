//! Reading QR symbols back, independently of the encoder: shared by the QR tests and
//! the fuzz target (fuzz/), which include this file by path.

/// Reads a symbol in the kernel's format (set bit = light) with rqrr from a rendered
/// greyscale image with a 4-module quiet zone: (version, ECC level as rqrr numbers it,
/// bytes). rqrr numbers levels by their format bits: L = 1, M = 0, Q = 3, H = 2.
pub fn decode(image: &[u8], width: usize) -> Result<(usize, u16, Vec<u8>), String> {
    let scale = 3;
    let side = (width + 8) * scale;
    let stride = width.div_ceil(8);
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
        let (mx, my) = ((x / scale) as isize - 4, (y / scale) as isize - 4);
        if mx < 0 || my < 0 || mx >= width as isize || my >= width as isize {
            return 255;
        }
        let (mx, my) = (mx as usize, my as usize);
        if image[my * stride + mx / 8] & (0x80 >> (mx % 8)) != 0 {
            255
        } else {
            0
        }
    });
    // A mask-0 symbol (the kernel's) can hold finder-like shapes that rqrr takes for a
    // second grid; the symbol is read when one of the grids found is it.
    let grids = prepared.detect_grids();
    let mut errors = Vec::new();
    for grid in &grids {
        let mut bytes = Vec::new();
        match grid.decode_to(&mut bytes) {
            Ok(meta) => return Ok((meta.version.0, meta.ecc_level, bytes)),
            Err(e) => errors.push(e.to_string()),
        }
    }
    Err(format!(
        "{} grids found, none decodes: {errors:?}",
        grids.len()
    ))
}

/// Whether the `n`-th symbol of a test is read back with the decoder. Natively every one
/// is. Under qemu-user the decoder takes most of the run, so scripts/matrix.sh sets
/// `KBRIDGE_QR_READ_EVERY=k` for emulated targets and every k-th symbol is read; the
/// byte-for-byte comparison with the kernel's encoder and the structural checks still
/// cover every symbol there.
pub fn reads_back(n: usize) -> bool {
    n.is_multiple_of(read_back_every())
}

/// The k of [`reads_back`]: 1 unless `KBRIDGE_QR_READ_EVERY` says otherwise.
pub fn read_back_every() -> usize {
    static EVERY: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *EVERY.get_or_init(|| match std::env::var("KBRIDGE_QR_READ_EVERY") {
        Ok(k) => k
            .parse()
            .ok()
            .filter(|&k| k > 0)
            .unwrap_or_else(|| panic!("KBRIDGE_QR_READ_EVERY={k:?}: expected a count >= 1")),
        Err(_) => 1,
    })
}

/// rqrr's number for ECC level `ecc` (0 = L, 1 = M, 2 = Q, 3 = H).
pub fn rqrr_level(ecc: u8) -> u16 {
    [1, 0, 3, 2][usize::from(ecc & 3)]
}

/// The digits a URL-mode symbol carries after the URL, back to `len` bytes (the inverse
/// of the 13-bits-to-4-digits packing, written independently of the encoder). `exact`:
/// the last chunk has as many digits as its largest value needs; otherwise the kernel's
/// (k + 1) / 3.
pub fn unpack_digits(digits: &[u8], len: usize, exact: bool) -> Option<Vec<u8>> {
    let total_bits = len * 8;
    let mut bits = Vec::new();
    let mut rest = digits;
    let mut remaining = total_bits;
    while remaining > 0 {
        let chunk = remaining.min(13);
        let n = match (chunk, exact) {
            (13, _) => 4,
            (1, false) => 1,
            (k, false) => (k + 1) / 3,
            (k, true) => ((1u32 << k) - 1).to_string().len(),
        };
        let text = std::str::from_utf8(rest.get(..n)?).ok()?;
        let value: u32 = text.parse().ok()?;
        for i in (0..chunk).rev() {
            bits.push(value >> i & 1);
        }
        rest = &rest[n..];
        remaining -= chunk;
    }
    if !rest.is_empty() {
        return None;
    }
    Some(
        bits.chunks(8)
            .map(|b| b.iter().fold(0u8, |a, &x| a << 1 | x as u8))
            .collect(),
    )
}

/// Whether the kernel's packing of `data` leaves a last chunk too large for its digits.
pub fn kernel_packing_overflows(data: &[u8]) -> bool {
    let bits = data.len() * 8;
    let tail = bits % 13;
    if !matches!(tail, 4 | 7 | 10) {
        return false;
    }
    let start = bits - tail;
    let value = (start..bits).fold(0u32, |v, b| {
        v << 1 | u32::from(data[b / 8] >> (7 - b % 8) & 1)
    });
    value >= 10u32.pow(((tail + 1) / 3) as u32)
}
