/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/module.h>: the module object, THIS_MODULE and the .modinfo
 * tags. The tags are declarations, not expressions: bridge-macros writes them for Rust.
 */
#ifndef _LINUX_MODULE_H
#define _LINUX_MODULE_H

#include <linux/types.h>
#include <linux/moduleparam.h>

#define MODULE_NAME_LEN (64 - sizeof(unsigned long))

/* The loaded module; its layout belongs to the module loader. */
struct module;

#ifdef MODULE
extern struct module __this_module;
#define THIS_MODULE (&__this_module)
#else
#define THIS_MODULE ((struct module *)0)
#endif

/* One "tag=info" string in the .modinfo section, read by modinfo(8) and the loader. */
#define __MODULE_INFO(tag, name, info)					  \
	static const char __UNIQUE_ID_##name[]				  \
	  __attribute__((__used__, __section__(".modinfo"), __aligned__(1)))	  \
	  = #tag "=" info
#define MODULE_INFO(tag, info) __MODULE_INFO(tag, tag, info)

#define MODULE_LICENSE(_license)	MODULE_INFO(license, _license)
#define MODULE_AUTHOR(_author)		MODULE_INFO(author, _author)
#define MODULE_DESCRIPTION(_description) MODULE_INFO(description, _description)
#define MODULE_ALIAS(_alias)		MODULE_INFO(alias, _alias)

/**
 * try_module_get - take a reference on a module unless it is being removed
 * @module: the module, or NULL for built-in code
 *
 * Return: true when the reference was taken.
 */
bool try_module_get(struct module *module);

/**
 * module_put - drop a reference taken by try_module_get()
 * @module: the module, or NULL
 */
void module_put(struct module *module);

#endif /* _LINUX_MODULE_H */
