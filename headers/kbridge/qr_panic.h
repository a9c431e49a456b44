/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Functions a Rust crate defines for C with #[export] (the spec's [exports]): the QR
 * encoder of examples/qr-panic. No kernel header declares these names. The first two
 * are the prototypes Linux 6.12's drm_panic.c declares for its own Rust encoder.
 *
 * Not part of the kernel's headers (it is outside linux/, uapi/ and asm-generic/):
 * bridge-gen reads it for kernel::exports, whose types #[export] checks each exported
 * function against, and the header bridge-gen writes with cbindgen must declare the
 * same prototypes.
 */
#ifndef _KBRIDGE_QR_PANIC_H
#define _KBRIDGE_QR_PANIC_H

#include <linux/types.h>

/**
 * drm_panic_qr_generate - draw a QR code of the data over the data buffer
 * @url: NULL, or a URL the symbol opens, with the data packed after it as digits
 * @data: the data, then the image: at least 4071 bytes
 * @data_len: bytes of data
 * @data_size: bytes in @data
 * @tmp: scratch space: at least 3706 bytes
 * @tmp_size: bytes in @tmp
 *
 * Return: the symbol's width in modules (21..177), or 0 when it does not fit.
 */
u8 drm_panic_qr_generate(const char *url, u8 *data, size_t data_len, size_t data_size,
			 u8 *tmp, size_t tmp_size);

/**
 * drm_panic_qr_max_data_size - the most data bytes a symbol of a version holds
 * @version: 1..40
 * @url_len: bytes of URL, 0 for none
 *
 * Return: the capacity, or 0 for a version out of range.
 */
size_t drm_panic_qr_max_data_size(u8 version, size_t url_len);

/**
 * kbridge_qr_generate - drm_panic_qr_generate() at a chosen error-correction level
 * @url: as for drm_panic_qr_generate()
 * @data: as for drm_panic_qr_generate()
 * @data_len: as for drm_panic_qr_generate()
 * @data_size: as for drm_panic_qr_generate()
 * @tmp: as for drm_panic_qr_generate()
 * @tmp_size: as for drm_panic_qr_generate()
 * @ecc: 0 (L), 1 (M), 2 (Q) or 3 (H)
 *
 * Return: the symbol's width in modules, or 0.
 */
u8 kbridge_qr_generate(const char *url, u8 *data, size_t data_len, size_t data_size,
		       u8 *tmp, size_t tmp_size, u8 ecc);

#endif /* _KBRIDGE_QR_PANIC_H */
