//! QR payloads: the sizes measured and the bytes at each size.

/// Payload sizes in bytes, from a short message to the most a version 40-L symbol holds
/// in byte mode (2,953).
pub const PAYLOAD_SIZES: &[usize] = &[10, 100, 250, 500, 1000, 1500, 2000, 2500, 2953];

/// `len` pseudo-random bytes, the same on every run (xorshift64 from a fixed seed), so
/// each encoder sees byte data as a compressed panic log would give it.
pub fn payload(len: usize) -> Vec<u8> {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64 ^ len as u64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 56) as u8
        })
        .collect()
}
