// SPDX-License-Identifier: GPL-2.0
/*
 * The C side of the real-kernel QR test, linked into qr_panic.ko with the Rust encoder:
 * at load, it encodes a known payload through the exported drm_panic_qr_generate(),
 * with the prototype cbindgen wrote (qr_panic.h), and prints the symbol as hex rows
 * ("kbridge-qr:" lines) for the host to decode and compare.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "qr_panic.h"

#define DATA_SIZE 4071 /* a version 40 image */
#define TMP_SIZE 3706

static const char payload[] = "kbridge real-kernel QR test: encoded in Linux 6.12 by Rust";

static int __init qr_test_init(void)
{
	size_t len = sizeof(payload) - 1, stride;
	u8 *data, *tmp, width;
	int y;

	data = kzalloc(DATA_SIZE, GFP_KERNEL);
	tmp = kzalloc(TMP_SIZE, GFP_KERNEL);
	if (!data || !tmp) {
		kfree(data);
		kfree(tmp);
		return -ENOMEM;
	}
	memcpy(data, payload, len);
	width = drm_panic_qr_generate(NULL, data, len, DATA_SIZE, tmp, TMP_SIZE);
	pr_info("kbridge-qr: payload=\"%s\" width=%u max_v1=%zu\n", payload, width,
		drm_panic_qr_max_data_size(1, 0));
	stride = DIV_ROUND_UP(width, 8);
	for (y = 0; y < width; y++)
		pr_info("kbridge-qr: row=%*phN\n", (int)stride, data + y * stride);
	pr_info("kbridge-qr: done\n");
	kfree(data);
	kfree(tmp);
	return width ? 0 : -EINVAL;
}

static void __exit qr_test_exit(void)
{
}

module_init(qr_test_init);
module_exit(qr_test_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kbridge test: the Rust QR encoder called from C in the kernel");
