// SPDX-License-Identifier: GPL-2.0
/*
 * The model's DRM panic screen: the kernel's drm_panic turns the panic message into a
 * QR code and draws it on the scanout buffer. Here the encoder is the Rust driver
 * (examples/qr-panic), called through the header bridge-gen wrote from its Rust
 * signatures; the screen is an XRGB8888 framebuffer in memory, and a PNG encoder lets
 * tests and the README look at it.
 */
#include <linux/errno.h>
#include <linux/types.h>
#include "model.h"
#include "qr_panic.h"

/* The encoder's working memory, sized as drm_panic sizes it: a version 40 image, and
 * a version 40 symbol's codewords. Static, as a panic may not allocate. */
static u8 panic_data[4071];
static u8 panic_tmp[3706];

#define PANIC_FG 0x00ffffff /* light modules and the quiet zone */
#define PANIC_BG 0x00000000 /* dark modules and the rest of the screen */
#define QR_MARGIN 4         /* modules of quiet zone around the symbol */

static void fill(u32 *fb, unsigned int stride, unsigned int x0, unsigned int y0,
		 unsigned int w, unsigned int h, u32 colour)
{
	for (unsigned int y = y0; y < y0 + h; y++)
		for (unsigned int x = x0; x < x0 + w; x++)
			fb[y * stride + x] = colour;
}

/*
 * Draws the panic screen for @msg (with @url: a link carrying the message) into @fb of
 * @width x @height pixels: the QR code centred, as large as fits with its quiet zone.
 * Returns the QR width in modules, 0 when the message does not fit a QR code, or
 * -EINVAL when the screen is too small for one pixel per module.
 */
int kbridge_model_panic_screen(const char *url, const u8 *msg, size_t msg_len, u32 *fb,
			       unsigned int width, unsigned int height)
{
	unsigned int modules, size, scale, x0, y0;
	u8 qr_width;

	if (msg_len > sizeof(panic_data))
		return 0;
	memcpy(panic_data, msg, msg_len);
	qr_width = drm_panic_qr_generate(url, panic_data, msg_len, sizeof(panic_data),
					 panic_tmp, sizeof(panic_tmp));
	fill(fb, width, 0, 0, width, height, PANIC_BG);
	if (!qr_width)
		return 0;
	modules = qr_width + 2 * QR_MARGIN;
	scale = (width < height ? width : height) / modules;
	if (!scale)
		return -EINVAL;
	size = modules * scale;
	x0 = (width - size) / 2;
	y0 = (height - size) / 2;
	fill(fb, width, x0, y0, size, size, PANIC_FG);
	x0 += QR_MARGIN * scale;
	y0 += QR_MARGIN * scale;
	for (unsigned int my = 0; my < qr_width; my++) {
		const u8 *row = panic_data + my * ((qr_width + 7) / 8);

		for (unsigned int mx = 0; mx < qr_width; mx++) {
			bool light = row[mx / 8] & (0x80 >> (mx % 8));

			if (!light)
				fill(fb, width, x0 + mx * scale, y0 + my * scale, scale, scale,
				     PANIC_BG);
		}
	}
	return qr_width;
}

/* PNG: 8-bit RGB, one zlib stream of stored (uncompressed) deflate blocks. */

static u32 crc32_update(u32 crc, const u8 *p, size_t len)
{
	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc;
}

struct png_out {
	u8 *buf;
	size_t size, len;
	u32 crc, adler_a, adler_b;
};

static void put(struct png_out *o, const void *p, size_t n)
{
	if (o->len + n <= o->size)
		memcpy(o->buf + o->len, p, n);
	o->crc = crc32_update(o->crc, p, n);
	o->len += n;
}

static void put_be32(struct png_out *o, u32 v)
{
	u8 b[4] = { v >> 24, v >> 16, v >> 8, v };

	put(o, b, 4);
}

/* Chunk length and type; the CRC covers the type and data that follow. */
static void chunk_start(struct png_out *o, u32 len, const char *type)
{
	put_be32(o, len);
	o->crc = 0;
	put(o, type, 4);
}

static void chunk_end(struct png_out *o)
{
	put_be32(o, o->crc);
}

static void put_data(struct png_out *o, const u8 *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		o->adler_a = (o->adler_a + p[i]) % 65521;
		o->adler_b = (o->adler_b + o->adler_a) % 65521;
	}
	put(o, p, n);
}

/*
 * Encodes @fb (@width x @height, XRGB8888) as a PNG into @buf of @size bytes. Returns
 * the PNG's length; when that is more than @size, nothing usable was written and the
 * caller retries with a buffer that large.
 */
size_t kbridge_model_png(const u32 *fb, unsigned int width, unsigned int height, u8 *buf,
			 size_t size)
{
	static const u8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	static const u8 ihdr_tail[5] = { 8, 2, 0, 0, 0 }; /* 8 bits, RGB, deflate, no filter/interlace */
	struct png_out o = { .buf = buf, .size = size };
	size_t raw = (size_t)height * (1 + 3 * (size_t)width);
	size_t blocks = (raw + 65534) / 65535;
	size_t left = raw, in_block = 0;
	u8 zlib_header[2] = { 0x78, 0x01 };

	put(&o, signature, 8);
	chunk_start(&o, 13, "IHDR");
	put_be32(&o, width);
	put_be32(&o, height);
	put(&o, ihdr_tail, 5);
	chunk_end(&o);

	chunk_start(&o, 2 + raw + 5 * (blocks ? blocks : 1) + 4, "IDAT");
	put(&o, zlib_header, 2);
	o.adler_a = 1;
	o.adler_b = 0;
	for (unsigned int y = 0; y < height; y++) {
		for (unsigned int x = 0; x <= width; x++) {
			u8 px[3];
			size_t n;

			if (x == 0) {
				px[0] = 0; /* filter type: none */
				n = 1;
			} else {
				u32 v = fb[y * width + x - 1];

				px[0] = v >> 16;
				px[1] = v >> 8;
				px[2] = v;
				n = 3;
			}
			for (size_t i = 0; i < n; i++) {
				if (in_block == 0) {
					u16 len = left > 65535 ? 65535 : left;
					u8 hdr[5] = { left <= 65535, len, len >> 8, (u8)~len,
						      (u8)(~len >> 8) };

					put(&o, hdr, 5);
					in_block = len;
				}
				put_data(&o, &px[i], 1);
				in_block--;
				left--;
			}
		}
	}
	if (raw == 0) {
		u8 empty[5] = { 1, 0, 0, 0xff, 0xff };

		put(&o, empty, 5);
	}
	put_be32(&o, o.adler_b << 16 | o.adler_a);
	chunk_end(&o);

	chunk_start(&o, 0, "IEND");
	chunk_end(&o);
	return o.len;
}

/*
 * Calls the encoder the ways the contract forbids or the kernel refuses, from C.
 * Returns 0 when every call returned 0 and left the buffers as they were, else the
 * number of the first call that did not.
 */
int kbridge_model_qr_bad_calls(void)
{
	static u8 guard_data[4071 + 2], guard_tmp[3706 + 2];
	u8 *data = guard_data + 1, *tmp = guard_tmp + 1;
	struct {
		const char *url;
		u8 *data;
		size_t len, size;
		u8 *tmp;
		size_t tmp_size;
	} calls[] = {
		{ NULL, NULL, 0, 4071, tmp, 3706 },     /* NULL data */
		{ NULL, data, 0, 4071, NULL, 3706 },    /* NULL tmp */
		{ NULL, data, 0, 4070, tmp, 3706 },     /* data too small */
		{ NULL, data, 0, 4071, tmp, 3705 },     /* tmp too small */
		{ NULL, data, 4072, 4071, tmp, 3706 },  /* data_len > data_size */
		{ NULL, data, 3000, 4071, tmp, 3706 },  /* too long for version 40 */
		{ "http://x/?a=", data, 2953, 4071, tmp, 3706 }, /* too long with a URL */
		{ NULL, data, 10, 4071, data + 100, 3706 },      /* tmp overlaps data */
		{ (const char *)data, data, 0, 4071, tmp, 3706 }, /* URL inside data */
	};

	memset(guard_data, 0x5a, sizeof(guard_data));
	memset(guard_tmp, 0xa5, sizeof(guard_tmp));
	data[0] = 0;
	for (unsigned int i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		u8 w = drm_panic_qr_generate(calls[i].url, calls[i].data, calls[i].len,
					     calls[i].size, calls[i].tmp, calls[i].tmp_size);

		if (w != 0)
			return i + 1;
		for (size_t k = 0; k < sizeof(guard_data); k++)
			if (guard_data[k] != (k == 1 ? 0 : 0x5a))
				return i + 1;
		for (size_t k = 0; k < sizeof(guard_tmp); k++)
			if (guard_tmp[k] != 0xa5)
				return i + 1;
	}
	if (drm_panic_qr_max_data_size(0, 0) || drm_panic_qr_max_data_size(41, 0) ||
	    drm_panic_qr_max_data_size(1, 100))
		return 100;
	if (kbridge_qr_generate(NULL, data, 0, 4071, tmp, 3706, 4))
		return 101;
	return 0;
}
