/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/printk.h>: the kernel log. The log level travels as a prefix
 * of the format: SOH, then the level digit.
 */
#ifndef __KERNEL_PRINTK__
#define __KERNEL_PRINTK__

#include <linux/compiler_types.h>

#define KERN_SOH	"\001"
#define KERN_EMERG	KERN_SOH "0"
#define KERN_ALERT	KERN_SOH "1"
#define KERN_CRIT	KERN_SOH "2"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_NOTICE	KERN_SOH "5"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"
#define KERN_CONT	KERN_SOH "c"

/**
 * _printk - write a message to the kernel log
 * @fmt: a printf-style format, optionally starting with a KERN_* level
 *
 * Return: the number of characters written.
 */
int _printk(const char *fmt, ...) __printf(1, 2);

#endif /* __KERNEL_PRINTK__ */
