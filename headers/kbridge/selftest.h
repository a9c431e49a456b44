/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Functions the hygiene test crate (tests/hygiene) exports with #[export]: between them,
 * every kind of parameter #[export] lowers (integers and bool, required and optional
 * strings, read-only and writable, required and optional buffers, lengths placed after
 * another parameter), and both kinds of return.
 */
#ifndef _KBRIDGE_SELFTEST_H
#define _KBRIDGE_SELFTEST_H

#include <linux/types.h>

/**
 * kbridge_selftest_strings - a sum over two strings and two scalars
 * @name: a string
 * @label: NULL or a string
 * @twice: count @name twice
 * @delta: added to the result
 *
 * Return: the lengths of @name (times two with @twice) and @label, plus @delta, or 0
 * when @name is NULL.
 */
s64 kbridge_selftest_strings(const char *name, const char *label, bool twice, s64 delta);

/**
 * kbridge_selftest_buffers - copies and sums buffers
 * @input: bytes to copy
 * @input_len: bytes in @input
 * @output: NULL, or where @input is copied
 * @used: bytes of @output already in use, kept
 * @output_size: bytes in @output
 * @table: NULL, or numbers to add up
 * @table_len: numbers in @table
 * @scratch: numbers the function overwrites with their index
 * @scratch_len: numbers in @scratch
 *
 * Return: the bytes copied plus the sum of @table, or 0 for buffers it refuses.
 */
size_t kbridge_selftest_buffers(const u8 *input, size_t input_len, u8 *output, size_t used,
				size_t output_size, const u16 *table, size_t table_len,
				u16 *scratch, size_t scratch_len);

/**
 * kbridge_selftest_plain - takes a value, returns nothing
 * @value: stored for kbridge_selftest_strings() to add
 */
void kbridge_selftest_plain(u32 value);

#endif /* _KBRIDGE_SELFTEST_H */
