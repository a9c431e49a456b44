// SPDX-License-Identifier: GPL-2.0
/*
 * Model of module parameters: the stock parsers (param_ops_*) with the kernel's accepted
 * spellings and errors, and the loader step that applies "name=value ..." to a module's
 * kernel_param table before its init runs.
 */
#include <linux/errno.h>
#include <linux/moduleparam.h>

#include "model.h"

/* kstrtoull: base 0 (0x hex, 0 octal, else decimal), one trailing newline allowed. */
static int parse_ull(const char *s, unsigned long long *out)
{
	unsigned long long value = 0;
	unsigned int base = 10, digits = 0;

	if (!s)
		return -EINVAL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && s[1] >= '0' && s[1] <= '7') {
		base = 8;
		s += 1;
	}
	for (; *s && *s != '\n'; s++, digits++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned int)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			d = (unsigned int)(*s - 'a' + 10);
		else if (*s >= 'A' && *s <= 'F')
			d = (unsigned int)(*s - 'A' + 10);
		else
			return -EINVAL;
		if (d >= base)
			return -EINVAL;
		if (value > (~0ULL - d) / base)
			return -ERANGE;
		value = value * base + d;
	}
	if (!digits || (*s == '\n' && s[1]))
		return -EINVAL;
	*out = value;
	return 0;
}

/* kstrtoll: an optional sign, then as parse_ull. */
static int parse_ll(const char *s, long long *out)
{
	unsigned long long magnitude;
	int negative = 0, err;

	if (s && (*s == '-' || *s == '+')) {
		negative = *s == '-';
		s++;
	}
	err = parse_ull(s, &magnitude);
	if (err)
		return err;
	if (negative ? magnitude > (1ULL << 63) : magnitude > (~0ULL >> 1))
		return -ERANGE;
	*out = negative ? (long long)(0 - magnitude) : (long long)magnitude;
	return 0;
}

/* Decimal text of a value, with the newline sysfs readers get. */
static int print_ull(char *buffer, unsigned long long value, int negative)
{
	char digits[24];
	int n = 0, len = 0;

	do {
		digits[n++] = (char)('0' + value % 10);
		value /= 10;
	} while (value);
	if (negative)
		buffer[len++] = '-';
	while (n)
		buffer[len++] = digits[--n];
	buffer[len++] = '\n';
	buffer[len] = '\0';
	return len;
}

#define UNSIGNED_PARAM(name, type, max)						\
int param_set_##name(const char *val, const struct kernel_param *kp)		\
{										\
	unsigned long long v;							\
	int err = parse_ull(val, &v);						\
										\
	if (err)								\
		return err;							\
	if (v > (max))								\
		return -ERANGE;							\
	*(type *)kp->arg = (type)v;						\
	return 0;								\
}										\
int param_get_##name(char *buffer, const struct kernel_param *kp)		\
{										\
	return print_ull(buffer, *(const type *)kp->arg, 0);			\
}										\
const struct kernel_param_ops param_ops_##name = {				\
	.set = param_set_##name,						\
	.get = param_get_##name,						\
}

UNSIGNED_PARAM(ushort, unsigned short, 0xffffULL);
UNSIGNED_PARAM(uint, unsigned int, 0xffffffffULL);
UNSIGNED_PARAM(ulong, unsigned long, (unsigned long long)~0UL);
UNSIGNED_PARAM(ullong, unsigned long long, ~0ULL);

int param_set_int(const char *val, const struct kernel_param *kp)
{
	long long v;
	int err = parse_ll(val, &v);

	if (err)
		return err;
	if (v < -2147483647LL - 1 || v > 2147483647LL)
		return -ERANGE;
	*(int *)kp->arg = (int)v;
	return 0;
}

int param_get_int(char *buffer, const struct kernel_param *kp)
{
	int v = *(const int *)kp->arg;

	return print_ull(buffer, v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v, v < 0);
}

const struct kernel_param_ops param_ops_int = {
	.set = param_set_int,
	.get = param_get_int,
};

/* kstrtobool: 1/y/Y/on and 0/n/N/off; a bare "name" (NULL) means true. */
int param_set_bool(const char *val, const struct kernel_param *kp)
{
	int value;

	if (!val)
		value = 1;
	else if (val[0] == '1' || val[0] == 'y' || val[0] == 'Y')
		value = 1;
	else if (val[0] == '0' || val[0] == 'n' || val[0] == 'N')
		value = 0;
	else if ((val[0] == 'o' || val[0] == 'O') && (val[1] == 'n' || val[1] == 'N'))
		value = 1;
	else if ((val[0] == 'o' || val[0] == 'O') && (val[1] == 'f' || val[1] == 'F'))
		value = 0;
	else
		return -EINVAL;
	*(bool *)kp->arg = value;
	return 0;
}

int param_get_bool(char *buffer, const struct kernel_param *kp)
{
	buffer[0] = *(const bool *)kp->arg ? 'Y' : 'N';
	buffer[1] = '\n';
	buffer[2] = '\0';
	return 2;
}

const struct kernel_param_ops param_ops_bool = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,
	.set = param_set_bool,
	.get = param_get_bool,
};

/* parameq: '-' and '_' are the same character in parameter names. */
static int name_matches(const char *given, unsigned long len, const char *name)
{
	unsigned long i;

	for (i = 0; i < len; i++) {
		char a = given[i] == '-' ? '_' : given[i];
		char b = name[i] == '-' ? '_' : name[i];

		if (!name[i] || a != b)
			return 0;
	}
	return name[len] == '\0';
}

int kbridge_model_apply_params(const struct kernel_param *params, unsigned long count,
			       const char *args)
{
	char value[256];

	while (args && *args) {
		const char *word = args, *eq = 0, *end;
		const struct kernel_param *kp = 0;
		unsigned long i, len;
		int err;

		while (*word == ' ')
			word++;
		if (!*word)
			break;
		for (end = word; *end && *end != ' '; end++)
			if (*end == '=' && !eq)
				eq = end;
		args = end;
		len = (unsigned long)((eq ? eq : end) - word);
		for (i = 0; i < count; i++)
			if (name_matches(word, len, params[i].name))
				kp = &params[i];
		if (!kp) {
			model_log("unknown parameter '%.*s' ignored", (int)len, word);
			continue;
		}
		if (!eq && !(kp->ops->flags & KERNEL_PARAM_OPS_FL_NOARG))
			return -EINVAL;
		if (eq) {
			unsigned long vlen = (unsigned long)(end - eq - 1);

			if (vlen >= sizeof(value))
				return -ENOSPC;
			for (i = 0; i < vlen; i++)
				value[i] = eq[1 + i];
			value[vlen] = '\0';
		}
		err = kp->ops->set(eq ? value : 0, kp);
		if (err) {
			model_log("'%s' invalid for parameter '%s'", eq ? value : "", kp->name);
			return err;
		}
	}
	return 0;
}
