/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/moduleparam.h>: module parameters, the kernel_param records the
 * loader fills in from `insmod mod.ko name=value`, and the stock parsers.
 */
#ifndef _LINUX_MODULE_PARAMS_H
#define _LINUX_MODULE_PARAMS_H

#include <linux/types.h>

struct module;
struct kernel_param;
struct kparam_string;
struct kparam_array;

/* Flag for kernel_param_ops.flags: set() may be called with a NULL value ("name" alone). */
#define KERNEL_PARAM_OPS_FL_NOARG	(1 << 0)

/**
 * struct kernel_param_ops - how one kind of parameter is parsed and printed
 * @flags: KERNEL_PARAM_OPS_FL_* bits
 * @set: parse @val into the parameter's storage; 0 or -errno
 * @get: print the current value into a PAGE_SIZE @buffer; length or -errno
 * @free: release what set() allocated, when the module goes away
 */
struct kernel_param_ops {
	unsigned int flags;
	int (*set)(const char *val, const struct kernel_param *kp);
	int (*get)(char *buffer, const struct kernel_param *kp);
	void (*free)(void *arg);
};

/**
 * struct kernel_param - one parameter as placed in the __param section
 * @name: the name given on the command line
 * @mod: the owning module
 * @ops: the parser and printer
 * @perm: sysfs permission bits; 0 hides the parameter from sysfs
 * @level: initcall level for built-in code
 * @flags: KERNEL_PARAM_FL_* bits
 * @arg: where the value is stored
 */
struct kernel_param {
	const char *name;
	struct module *mod;
	const struct kernel_param_ops *ops;
	const u16 perm;
	s8 level;
	u8 flags;
	union {
		void *arg;
		const struct kparam_string *str;
		const struct kparam_array *arr;
	};
};

/* Parser and printer for a module parameter of C type `unsigned short`. */
extern const struct kernel_param_ops param_ops_ushort;
extern int param_set_ushort(const char *val, const struct kernel_param *kp);
extern int param_get_ushort(char *buffer, const struct kernel_param *kp);

/* Parser and printer for a module parameter of C type `int`. */
extern const struct kernel_param_ops param_ops_int;
extern int param_set_int(const char *val, const struct kernel_param *kp);
extern int param_get_int(char *buffer, const struct kernel_param *kp);

/* Parser and printer for a module parameter of C type `unsigned int`. */
extern const struct kernel_param_ops param_ops_uint;
extern int param_set_uint(const char *val, const struct kernel_param *kp);
extern int param_get_uint(char *buffer, const struct kernel_param *kp);

/* Parser and printer for a module parameter of C type `unsigned long`. */
extern const struct kernel_param_ops param_ops_ulong;
extern int param_set_ulong(const char *val, const struct kernel_param *kp);
extern int param_get_ulong(char *buffer, const struct kernel_param *kp);

/* Parser and printer for a module parameter of C type `unsigned long long`. */
extern const struct kernel_param_ops param_ops_ullong;
extern int param_set_ullong(const char *val, const struct kernel_param *kp);
extern int param_get_ullong(char *buffer, const struct kernel_param *kp);

/* Parser and printer for a module parameter of C type `char *`. */
extern const struct kernel_param_ops param_ops_charp;
extern int param_set_charp(const char *val, const struct kernel_param *kp);
extern int param_get_charp(char *buffer, const struct kernel_param *kp);

/* Parser and printer for a module parameter of C type `bool`. */
extern const struct kernel_param_ops param_ops_bool;
extern int param_set_bool(const char *val, const struct kernel_param *kp);
extern int param_get_bool(char *buffer, const struct kernel_param *kp);

#endif /* _LINUX_MODULE_PARAMS_H */
