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

struct kernel_param;

/* Where a module is in its life; the loader moves it along. */
enum module_state {
	MODULE_STATE_LIVE,	/* loaded, init done */
	MODULE_STATE_COMING,	/* init running */
	MODULE_STATE_GOING,	/* being unloaded, exit running */
	MODULE_STATE_UNFORMED,	/* being set up by the loader */
};

/**
 * struct module - a loaded module, as the loader keeps it
 * @state: where it is in its life
 * @name: the module's name
 * @kp: its parameters, set from the command line before init
 * @num_kp: how many @kp has
 * @init: run once at load; 0 or -errno (a failure unloads the module)
 * @exit: run once at unload, after the last reference was dropped
 * @refcnt: references that keep the module loaded, plus 1 the loader holds
 *
 * The loader owns the object (modpost writes it into every .ko as __this_module);
 * code of the module passes it as the owner of what it registers, and whoever calls
 * into that code takes a reference first with try_module_get().
 */
struct module {
	enum module_state state;
	char name[MODULE_NAME_LEN];
	const struct kernel_param *kp;
	unsigned int num_kp;
	int (*init)(void);
	void (*exit)(void);
	atomic_t refcnt;
};

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

/**
 * module_refcount - references held on a module
 * @mod: the module
 *
 * While its init runs, the loader holds one of them (module_unload_init()).
 * Only with CONFIG_MODULE_UNLOAD, as every kernel kbridge supports has it.
 *
 * Return: the references held.
 */
int module_refcount(struct module *mod);

#endif /* _LINUX_MODULE_H */
