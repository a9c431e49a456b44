//! Arithmetic in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1 (0x11d), the field of QR
//! codewords, and the Reed-Solomon remainder that makes the error-correction codewords.

/// The most error-correction codewords any block has (ISO/IEC 18004, Table 9).
pub const MAX_ECC_LEN: usize = 30;

/// `EXP[i]` = alpha^i; `LOG[EXP[i]]` = i. `LOG[0]` is unused.
const TABLES: ([u8; 256], [u8; 256]) = {
    let mut exp = [0u8; 256];
    let mut log = [0u8; 256];
    let mut value: u16 = 1;
    let mut i = 0;
    while i < 255 {
        exp[i] = value as u8;
        log[value as usize] = i as u8;
        value <<= 1;
        if value & 0x100 != 0 {
            value ^= 0x11d;
        }
        i += 1;
    }
    exp[255] = exp[0];
    (exp, log)
};
const EXP: [u8; 256] = TABLES.0;
const LOG: [u8; 256] = TABLES.1;

/// The product of two field elements.
pub fn mul(a: u8, b: u8) -> u8 {
    if a == 0 || b == 0 {
        return 0;
    }
    let sum = usize::from(LOG[usize::from(a)]) + usize::from(LOG[usize::from(b)]);
    EXP[sum % 255]
}

/// The generator polynomial (x - a^0)(x - a^1)...(x - a^(n-1)) of an `n`-codeword code,
/// lowest power first; its leading coefficient (1, at index n) is implied.
pub struct Generator {
    coefficients: [u8; MAX_ECC_LEN + 1],
    degree: usize,
}

impl Generator {
    /// The generator for `degree` codewords, or `None` above [`MAX_ECC_LEN`].
    pub fn new(degree: usize) -> Option<Generator> {
        if degree > MAX_ECC_LEN {
            return None;
        }
        let mut coefficients = [0u8; MAX_ECC_LEN + 1];
        coefficients[0] = 1;
        let mut root = 1u8;
        for known in 0..degree {
            // Multiply by (x + root): every coefficient moves up one power and gains
            // root times its old value; done from the top so each is read before written.
            let mut k = known + 1;
            while k > 0 {
                let lower = coefficients.get(k - 1).copied().unwrap_or(0);
                if let Some(c) = coefficients.get_mut(k) {
                    *c = lower ^ mul(*c, root);
                }
                k -= 1;
            }
            coefficients[0] = mul(coefficients[0], root);
            root = mul(root, 2);
        }
        Some(Generator {
            coefficients,
            degree,
        })
    }

    /// Writes the remainder of `message * x^degree` divided by the generator into
    /// `ecc`, highest power first (the order the codewords are sent in). `ecc` must be
    /// `degree` long; a shorter one gets the leading part.
    pub fn remainder(&self, message: &[u8], ecc: &mut [u8]) {
        let mut register = [0u8; MAX_ECC_LEN];
        let len = self.degree.min(MAX_ECC_LEN);
        let (Some(register), Some(lower)) = (register.get_mut(..len), self.coefficients.get(..len))
        else {
            return;
        };
        if register.is_empty() {
            return;
        }
        for &byte in message {
            let factor = byte ^ register.first().copied().unwrap_or(0);
            register.rotate_left(1);
            if let Some(last) = register.last_mut() {
                *last = 0;
            }
            // register[i] holds the coefficient of x^(len-1-i).
            for (slot, &g) in register.iter_mut().zip(lower.iter().rev()) {
                *slot ^= mul(g, factor);
            }
        }
        for (out, &r) in ecc.iter_mut().zip(register.iter()) {
            *out = r;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_tables_are_inverse() {
        for a in 1..=255u8 {
            assert_eq!(EXP[usize::from(LOG[usize::from(a)])], a);
        }
        assert_eq!(mul(0x80, 2), 0x1d);
    }

    #[test]
    fn generator_roots_are_the_first_powers_of_alpha() {
        for degree in [7, 10, 30] {
            let g = Generator::new(degree).unwrap();
            for (i, &root) in EXP.iter().enumerate().take(degree) {
                // Horner from the implied leading 1 down.
                let mut value = 1u8;
                for k in (0..degree).rev() {
                    value = mul(value, root) ^ g.coefficients[k];
                }
                assert_eq!(value, 0, "alpha^{i} is a root of degree {degree}");
            }
        }
    }

    #[test]
    fn remainder_makes_a_codeword() {
        // message * x^n + remainder must vanish at every root.
        let message = [0x40, 0xd2, 0x75, 0x47, 0x76, 0x17, 0x32, 0x06, 0x27, 0x26];
        let g = Generator::new(10).unwrap();
        let mut ecc = [0u8; 10];
        g.remainder(&message, &mut ecc);
        for &root in EXP.iter().take(10) {
            let mut value = 0u8;
            for &c in message.iter().chain(ecc.iter()) {
                value = mul(value, root) ^ c;
            }
            assert_eq!(value, 0);
        }
    }
}
