//! Segments: runs of input in one encoding mode (ISO/IEC 18004, 7.4), their size in
//! bits, and the bit stream they are written into.

use crate::version::Version;

/// A run of input in one mode.
#[derive(Clone, Copy, Debug)]
pub struct Segment<'a> {
    kind: Kind,
    data: &'a [u8],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// ASCII digits, 3 to 10 bits.
    Numeric,
    /// The 45-character set (digits, A-Z, space, $ % * + - . / :), 2 to 11 bits.
    Alphanumeric,
    /// Any bytes, 8 bits each.
    Bytes,
    /// Binary data shown as digits: every 13 bits become 4 decimal digits, then numeric
    /// mode packs 3 digits in 10 bits, so a URL can carry binary at 40/39 of its size.
    PackedDigits(Packing),
}

/// How many digits the last, short chunk of a [`Segment::packed_digits`] gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Packing {
    /// As Linux 6.12's drm_panic_qr: `(bits + 1) / 3` digits for `bits` > 1. A last
    /// chunk of 4, 7 or 10 bits can hold a value that needs one digit more, and then the
    /// symbol carries a numeric group the standard does not allow; kept for byte-for-byte
    /// compatibility.
    Kernel,
    /// Enough digits for any value of the chunk.
    Exact,
}

impl Packing {
    fn digits_for_bits(self, bits: usize) -> usize {
        match (self, bits) {
            (_, 0) => 0,
            (Packing::Kernel, 1) => 1,
            (Packing::Kernel, bits) => (bits + 1) / 3,
            // ceil(bits * log10(2)) for bits < 13.
            (Packing::Exact, bits) => [0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]
                .get(bits)
                .copied()
                .unwrap_or(4),
        }
    }
}

const MODE_NUMERIC: u32 = 0b0001;
const MODE_ALPHANUMERIC: u32 = 0b0010;
const MODE_BYTES: u32 = 0b0100;

/// The value of an alphanumeric-mode character.
fn alphanumeric_value(c: u8) -> Option<u32> {
    let value = match c {
        b'0'..=b'9' => c - b'0',
        b'A'..=b'Z' => c - b'A' + 10,
        b' ' => 36,
        b'$' => 37,
        b'%' => 38,
        b'*' => 39,
        b'+' => 40,
        b'-' => 41,
        b'.' => 42,
        b'/' => 43,
        b':' => 44,
        _ => return None,
    };
    Some(u32::from(value))
}

/// Bits of a numeric group of `digits` digits (the last group may have 1 or 2).
fn numeric_group_bits(digits: usize) -> usize {
    match digits {
        0 => 0,
        1 => 4,
        2 => 7,
        _ => 10,
    }
}

impl<'a> Segment<'a> {
    /// Any bytes.
    pub fn bytes(data: &'a [u8]) -> Segment<'a> {
        Segment {
            kind: Kind::Bytes,
            data,
        }
    }

    /// ASCII digits, or `None` if `data` has anything else.
    pub fn numeric(data: &'a [u8]) -> Option<Segment<'a>> {
        data.iter().all(u8::is_ascii_digit).then_some(Segment {
            kind: Kind::Numeric,
            data,
        })
    }

    /// Characters of the alphanumeric set, or `None` if `data` has any other.
    pub fn alphanumeric(data: &'a [u8]) -> Option<Segment<'a>> {
        data.iter()
            .all(|&c| alphanumeric_value(c).is_some())
            .then_some(Segment {
                kind: Kind::Alphanumeric,
                data,
            })
    }

    /// The most compact single segment for `data`: numeric, alphanumeric or bytes.
    pub fn compact(data: &'a [u8]) -> Segment<'a> {
        Segment::numeric(data)
            .or_else(|| Segment::alphanumeric(data))
            .unwrap_or(Segment::bytes(data))
    }

    /// Binary data as digits in numeric mode (see [`Packing`]).
    pub fn packed_digits(data: &'a [u8], packing: Packing) -> Segment<'a> {
        Segment {
            kind: Kind::PackedDigits(packing),
            data,
        }
    }

    /// Characters the count field announces.
    fn char_count(&self) -> usize {
        match self.kind {
            Kind::PackedDigits(packing) => {
                let bits = self.data.len() * 8;
                4 * (bits / 13) + packing.digits_for_bits(bits % 13)
            }
            _ => self.data.len(),
        }
    }

    /// Width of the character count field (Table 3).
    fn count_bits(&self, version: Version) -> usize {
        let class = match version.number() {
            1..=9 => 0,
            10..=26 => 1,
            _ => 2,
        };
        let widths: [usize; 3] = match self.kind {
            Kind::Numeric | Kind::PackedDigits(_) => [10, 12, 14],
            Kind::Alphanumeric => [9, 11, 13],
            Kind::Bytes => [8, 16, 16],
        };
        widths.get(class).copied().unwrap_or(16)
    }

    /// Bits of the mode indicator, count and data, or `None` when the count does not fit
    /// its field at `version`.
    pub fn bits(&self, version: Version) -> Option<usize> {
        let count = self.char_count();
        let count_bits = self.count_bits(version);
        if count >> count_bits != 0 {
            return None;
        }
        let data = match self.kind {
            Kind::Numeric | Kind::PackedDigits(_) => {
                10 * (count / 3) + numeric_group_bits(count % 3)
            }
            Kind::Alphanumeric => 11 * (count / 2) + 6 * (count % 2),
            Kind::Bytes => 8 * count,
        };
        Some(4 + count_bits + data)
    }

    /// Writes the segment. `bits` must have said it fits.
    pub fn write(&self, out: &mut BitWriter<'_>, version: Version) {
        let mode = match self.kind {
            Kind::Numeric | Kind::PackedDigits(_) => MODE_NUMERIC,
            Kind::Alphanumeric => MODE_ALPHANUMERIC,
            Kind::Bytes => MODE_BYTES,
        };
        out.push(mode, 4);
        out.push(self.char_count() as u32, self.count_bits(version));
        match self.kind {
            Kind::Bytes => self.data.iter().for_each(|&b| out.push(u32::from(b), 8)),
            Kind::Numeric => {
                for group in self.data.chunks(3) {
                    let value = group
                        .iter()
                        .fold(0, |acc, &d| acc * 10 + u32::from(d.wrapping_sub(b'0')));
                    out.push(value, numeric_group_bits(group.len()));
                }
            }
            Kind::Alphanumeric => {
                for pair in self.data.chunks(2) {
                    let value = pair
                        .iter()
                        .fold(0, |acc, &c| acc * 45 + alphanumeric_value(c).unwrap_or(0));
                    out.push(value, if pair.len() == 2 { 11 } else { 6 });
                }
            }
            Kind::PackedDigits(packing) => write_packed_digits(self.data, packing, out),
        }
    }
}

/// Chunks of 13 bits (the last one shorter) of `data`, MSB first, as (value, bits).
fn chunks_of_13(data: &[u8]) -> impl Iterator<Item = (u32, usize)> + '_ {
    let total = data.len() * 8;
    (0..total.div_ceil(13)).map(move |i| {
        let start = i * 13;
        let len = (total - start).min(13);
        let mut value = 0u32;
        for bit in start..start + len {
            let byte = data.get(bit / 8).copied().unwrap_or(0);
            value = value << 1 | u32::from(byte >> (7 - bit % 8) & 1);
        }
        (value, len)
    })
}

/// Numeric groups of the digit string the chunks spell, 3 digits at a time. A chunk's
/// value is split by powers of ten as if it had exactly its number of digits, so a value
/// too large for them (only with [`Packing::Kernel`]) spills into a group too large for its
/// bits, which the writer then places as the kernel's encoder does.
fn write_packed_digits(data: &[u8], packing: Packing, out: &mut BitWriter<'_>) {
    const POW10: [u32; 5] = [1, 10, 100, 1000, 10000];
    let pow10 = |n: usize| POW10.get(n).copied().unwrap_or(1);
    let mut carry = 0u32;
    let mut carry_digits = 0usize;
    for (value, bits) in chunks_of_13(data) {
        let mut digits = packing.digits_for_bits(bits);
        let mut value = value;
        while carry_digits + digits >= 3 {
            let take = 3 - carry_digits;
            let rest = digits - take;
            let group = carry * pow10(take) + value / pow10(rest);
            out.push_spilling(group, 10);
            value %= pow10(rest);
            digits = rest;
            carry = 0;
            carry_digits = 0;
        }
        carry = carry * pow10(digits) + value;
        carry_digits += digits;
    }
    if carry_digits > 0 {
        out.push_spilling(carry, numeric_group_bits(carry_digits));
    }
}

/// Writes bits MSB first into a zeroed buffer; bits past its end are counted, not
/// written.
pub struct BitWriter<'a> {
    buffer: &'a mut [u8],
    position: usize,
}

impl<'a> BitWriter<'a> {
    pub fn new(buffer: &'a mut [u8]) -> BitWriter<'a> {
        BitWriter {
            buffer,
            position: 0,
        }
    }

    /// Bits written so far.
    pub fn position(&self) -> usize {
        self.position
    }

    fn set_bit(&mut self, position: usize) {
        if let Some(byte) = self.buffer.get_mut(position / 8) {
            *byte |= 0x80 >> (position % 8);
        }
    }

    /// Appends the low `len` bits of `value`.
    pub fn push(&mut self, value: u32, len: usize) {
        for i in (0..len.min(32)).rev() {
            if value >> i & 1 != 0 {
                self.set_bit(self.position);
            }
            self.position += 1;
        }
    }

    /// Appends the low `len` bits of `value`; any higher bits are ORed into the bits just
    /// before, within the same byte, as Linux's drm_panic_qr writer does with a numeric
    /// group too large for its field. Equal to [`BitWriter::push`] for values that fit.
    fn push_spilling(&mut self, value: u32, len: usize) {
        let spill = value.checked_shr(len as u32).unwrap_or(0);
        let room = self.position % 8;
        for i in 0..room {
            if spill >> i & 1 != 0 {
                self.set_bit(self.position - 1 - i);
            }
        }
        self.push(value, len);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(segment: Segment<'_>, version: u8) -> ([u8; 16], usize) {
        let mut buffer = [0u8; 16];
        let mut writer = BitWriter::new(&mut buffer);
        let version = Version::new(version).unwrap();
        segment.write(&mut writer, version);
        let end = writer.position();
        assert_eq!(Some(end), segment.bits(version));
        (buffer, end)
    }

    #[test]
    fn numeric_example_of_the_standard() {
        // 7.4.3: "01234567" -> 0001 0000001000 0000001100 0101011001 1000011
        let (bits, len) = written(Segment::numeric(b"01234567").unwrap(), 1);
        assert_eq!(len, 41);
        assert_eq!(&bits[..6], &[0x10, 0x20, 0x0c, 0x56, 0x61, 0x80]);
    }

    #[test]
    fn alphanumeric_example_of_the_standard() {
        // 7.4.4: "AC-42" -> 0010 000000101 00111001110 11100111001 000010
        let (bits, len) = written(Segment::alphanumeric(b"AC-42").unwrap(), 1);
        assert_eq!(len, 4 + 9 + 11 + 11 + 6);
        assert_eq!(&bits[..6], &[0x20, 0x29, 0xce, 0xe7, 0x21, 0x00]);
    }

    #[test]
    fn packed_digits_spell_13_bit_chunks() {
        // 0xffff = 13 bits 8191 then 3 bits 7: digits "8191" "7" -> 819 17.
        let mut expect = [0u8; 16];
        let mut w = BitWriter::new(&mut expect);
        w.push(MODE_NUMERIC, 4);
        w.push(5, 10);
        w.push(819, 10);
        w.push(17, 7);
        let (bits, _) = written(Segment::packed_digits(&[0xff, 0xff], Packing::Exact), 1);
        assert_eq!(bits, expect);
        // One byte: 8 bits -> 3 digits in both packings (255).
        let (k, _) = written(Segment::packed_digits(&[0xff], Packing::Kernel), 1);
        let (e, _) = written(Segment::packed_digits(&[0xff], Packing::Exact), 1);
        assert_eq!(k, e);
    }

    #[test]
    fn kernel_packing_is_short_a_digit_for_4_7_10_bit_tails() {
        // 3 bytes = 13 + 11 bits; 5 bytes = 3 * 13 + 1; 6 bytes = 3 * 13 + 9;
        // 2 bytes = 13 + 3; 4 bytes = 2 * 13 + 6: none short. 7 bytes = 4 * 13 + 4: short.
        for (len, short) in [
            (2, false),
            (3, false),
            (4, false),
            (5, false),
            (6, false),
            (7, true),
        ] {
            let data = [0xffu8; 8];
            let k = Segment::packed_digits(&data[..len], Packing::Kernel).char_count();
            let e = Segment::packed_digits(&data[..len], Packing::Exact).char_count();
            assert_eq!(k + usize::from(short), e, "{len} bytes");
        }
    }

    #[test]
    fn mode_checks() {
        assert!(Segment::numeric(b"12a").is_none());
        assert!(Segment::alphanumeric(b"abc").is_none());
        assert_eq!(Segment::compact(b"123").kind, Kind::Numeric);
        assert_eq!(Segment::compact(b"HTTP://X").kind, Kind::Alphanumeric);
        assert_eq!(Segment::compact(b"http").kind, Kind::Bytes);
        // A count too large for its field is refused: 256 bytes at version 9.
        let big = [0u8; 256];
        assert_eq!(Segment::bytes(&big).bits(Version::new(9).unwrap()), None);
        assert!(
            Segment::bytes(&big)
                .bits(Version::new(10).unwrap())
                .is_some()
        );
    }
}
