// SPDX-License-Identifier: GPL-2.0
/*
 * Model of the module loader as a module observes it (kernel/module/main.c, 6.12):
 * load_module() sets the parameters and do_init_module() runs init; delete_module()
 * refuses a module that is not live (-EBUSY) or that somebody holds a reference on
 * (-EWOULDBLOCK, try_stop_module()), marks it GOING and runs exit. References are
 * try_module_get()/module_put() on a count the loader itself holds one of
 * (MODULE_REF_BASE), so a count of 0 means "going away"; while init runs the loader
 * holds one more (module_unload_init()), and drops it after init, whether init
 * succeeded or not. A failed init frees the module however many references others hold
 * (do_init_module()'s fail path): the model reports that as an error, since any such
 * reference is then to freed code.
 *
 * The kernel frees the module at unload; the model keeps the object (a static of the
 * Rust crate) and sets it back to UNFORMED, so a test can load it again.
 */
#include <linux/errno.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "model.h"

#define MODULE_REF_BASE 1

int kbridge_model_apply_params(const struct kernel_param *params, unsigned long count,
			       const char *args);

static int state_of(struct module *mod)
{
	return __atomic_load_n(&mod->state, __ATOMIC_ACQUIRE);
}

static void set_state(struct module *mod, enum module_state state)
{
	__atomic_store_n(&mod->state, state, __ATOMIC_RELEASE);
}

bool try_module_get(struct module *module)
{
	int count;

	if (!module)
		return true;
	if (state_of(module) == MODULE_STATE_GOING || state_of(module) == MODULE_STATE_UNFORMED)
		return false;
	/* atomic_inc_not_zero() */
	count = __atomic_load_n(&module->refcnt.counter, __ATOMIC_RELAXED);
	do {
		if (!count)
			return false;
	} while (!__atomic_compare_exchange_n(&module->refcnt.counter, &count, count + 1, 0,
					      __ATOMIC_ACQUIRE, __ATOMIC_RELAXED));
	return true;
}

void module_put(struct module *module)
{
	int count;

	if (!module)
		return;
	/* atomic_dec_if_positive(), with the kernel's WARN_ON() on an underflow */
	count = __atomic_load_n(&module->refcnt.counter, __ATOMIC_RELAXED);
	do {
		if (count <= 0) {
			model_error("module_put on %s below zero", module->name);
			return;
		}
	} while (!__atomic_compare_exchange_n(&module->refcnt.counter, &count, count - 1, 0,
					      __ATOMIC_RELEASE, __ATOMIC_RELAXED));
}

/* insmod: -EEXIST while loaded; the parser's errno for a bad value; else init's result. */
int kbridge_model_module_load(struct module *mod, const char *args)
{
	int err;

	if (state_of(mod) != MODULE_STATE_UNFORMED)
		return -EEXIST;
	set_state(mod, MODULE_STATE_COMING);
	err = kbridge_model_apply_params(mod->kp, mod->num_kp, args);
	if (err) {
		set_state(mod, MODULE_STATE_UNFORMED);
		return err;
	}
	/* module_unload_init(): the base reference, and one held during init. */
	__atomic_store_n(&mod->refcnt.counter, MODULE_REF_BASE + 1, __ATOMIC_RELEASE);
	err = mod->init ? mod->init() : 0;
	if (err) {
		int held;

		if (err > 0)
			model_error("%s: init returned %d, not 0 or -errno", mod->name, err);
		set_state(mod, MODULE_STATE_GOING);
		module_put(mod);
		held = module_refcount(mod);
		if (held > 0)
			model_error("%s: init failed and the loader frees it with %d reference(s) held",
				    mod->name, held);
		__atomic_store_n(&mod->refcnt.counter, 0, __ATOMIC_RELEASE);
		set_state(mod, MODULE_STATE_UNFORMED);
		return err < 0 ? err : -EINVAL;
	}
	set_state(mod, MODULE_STATE_LIVE);
	/* "Drop initial reference." */
	module_put(mod);
	return 0;
}

/* try_release_module_ref(): drop the loader's reference unless somebody holds one. */
static int try_release(struct module *mod)
{
	int count = MODULE_REF_BASE;

	if (__atomic_compare_exchange_n(&mod->refcnt.counter, &count, 0, 0, __ATOMIC_ACQ_REL,
					__ATOMIC_RELAXED))
		return 0;
	return -EWOULDBLOCK;
}

/* rmmod (delete_module()). */
int kbridge_model_module_unload(struct module *mod)
{
	int err;

	if (state_of(mod) != MODULE_STATE_LIVE)
		return -EBUSY;
	if (mod->init && !mod->exit)
		return -EBUSY;
	err = try_release(mod);
	if (err)
		return err;
	set_state(mod, MODULE_STATE_GOING);
	if (mod->exit)
		mod->exit();
	set_state(mod, MODULE_STATE_UNFORMED);
	return 0;
}

int module_refcount(struct module *mod)
{
	return __atomic_load_n(&mod->refcnt.counter, __ATOMIC_ACQUIRE) - MODULE_REF_BASE;
}

/* References held on a loaded module (module_refcount()), -1 when it is not live. */
int kbridge_model_module_refcount(struct module *mod)
{
	if (state_of(mod) != MODULE_STATE_LIVE)
		return -1;
	return __atomic_load_n(&mod->refcnt.counter, __ATOMIC_ACQUIRE) - MODULE_REF_BASE;
}
