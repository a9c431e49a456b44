// SPDX-License-Identifier: GPL-2.0
/*
 * Model of the driver core's device lifetime: every struct device the model or a driver
 * initializes is tracked with its reference count. A reference taken on a device that is
 * not live, or dropped below zero, is API misuse and counted; a device still live at the
 * end of a test is a leak the test sees through kbridge_model_live_devices().
 *
 * The count lives beside the device, not in it, so a put on a released device is caught
 * instead of reading freed memory.
 *
 * The names a device owns, dev_set_name()'s and driver_override's, are freed with it:
 * driver_override before the release function (device_release() in
 * drivers/base/core.c), the kobject's name after it (kobject_cleanup() in
 * lib/kobject.c).
 *
 * devres: __devm_add_action() records an action in the device's list, and
 * devres_release_all() runs them newest first (drivers/base/devres.c), as the driver
 * core does when a probe fails and after a driver's remove on unbind.
 */
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/slab.h>

#include "model.h"

static long model_errors;

void kbridge_model_count_error(void)
{
	__atomic_add_fetch(&model_errors, 1, __ATOMIC_SEQ_CST);
}

long kbridge_model_errors(void)
{
	return __atomic_load_n(&model_errors, __ATOMIC_SEQ_CST);
}

/* The kernel log is the test's stderr; the KERN_<level> prefix is dropped. */
int _printk(const char *fmt, ...)
{
	__builtin_va_list args;
	int n;

	if (fmt[0] == '\001' && fmt[1])
		fmt += 2;
	__builtin_va_start(args, fmt);
	n = vdprintf(2, fmt, args);
	__builtin_va_end(args);
	return n;
}

struct device_ref {
	struct device *dev;
	long refs;
	struct device_ref *next;
};

static struct device_ref *live_devices;
static int devices_lock;

/* The tracking entry of @dev; devices_lock held. */
static struct device_ref **find(struct device *dev)
{
	struct device_ref **at = &live_devices;

	while (*at && (*at)->dev != dev)
		at = &(*at)->next;
	return at;
}

void device_initialize(struct device *dev)
{
	struct device_ref *ref;

	model_lock(&devices_lock);
	if (*find(dev)) {
		model_unlock(&devices_lock);
		model_error("device_initialize on a live device");
		return;
	}
	ref = malloc(sizeof(*ref));
	if (!ref)
		abort();
	ref->dev = dev;
	ref->refs = 1;
	ref->next = live_devices;
	live_devices = ref;
	model_unlock(&devices_lock);
}

struct device *get_device(struct device *dev)
{
	struct device_ref *ref;

	if (!dev)
		return 0;
	model_lock(&devices_lock);
	ref = *find(dev);
	if (ref)
		ref->refs++;
	model_unlock(&devices_lock);
	if (!ref)
		model_error("get_device on a device that is not live (released or never initialized)");
	return dev;
}

void put_device(struct device *dev)
{
	struct device_ref **at, *ref;
	const char *name;
	int released = 0;

	if (!dev)
		return;
	model_lock(&devices_lock);
	at = find(dev);
	ref = *at;
	if (ref && --ref->refs == 0) {
		*at = ref->next;
		released = 1;
	}
	model_unlock(&devices_lock);
	if (!ref) {
		model_error("put_device below zero (the device is already released)");
		return;
	}
	if (!released)
		return;
	free(ref);
	kfree(dev->driver_override.name);
	name = dev->kobj.name;
	if (dev->release)
		dev->release(dev);
	else
		model_error("device released without a release() function");
	kfree(name);
}

/* kobject_set_name_vargs() (lib/kobject.c): a new name replaces and frees the old one. */
int dev_set_name(struct device *dev, const char *fmt, ...)
{
	__builtin_va_list args;
	char *name;
	int len;

	__builtin_va_start(args, fmt);
	len = vsnprintf(0, 0, fmt, args);
	__builtin_va_end(args);
	name = kmalloc(len + 1, GFP_KERNEL);
	if (!name)
		return -ENOMEM;
	__builtin_va_start(args, fmt);
	vsnprintf(name, len + 1, fmt, args);
	__builtin_va_end(args);
	kfree(dev->kobj.name);
	dev->kobj.name = name;
	return 0;
}

/*
 * __device_set_driver_override() (drivers/base/dd.c): a name up to the first newline,
 * "" or "\n" clears it, a page or more is -EINVAL; the old name is freed.
 */
int __device_set_driver_override(struct device *dev, const char *s, size_t len)
{
	const char *old;
	char *new = 0;
	size_t i;

	if (!s)
		return -EINVAL;
	if (len >= PAGE_SIZE - 1)
		return -EINVAL;
	len = strlen(s);
	for (i = 0; i < len && s[i] != '\n'; i++)
		;
	if (i) {
		new = kmalloc(i + 1, GFP_KERNEL);
		if (!new)
			return -ENOMEM;
		memcpy(new, s, i);
		new[i] = 0;
	}
	spin_lock(&dev->driver_override.lock);
	old = dev->driver_override.name;
	dev->driver_override.name = new;
	spin_unlock(&dev->driver_override.lock);
	kfree(old);
	return 0;
}

long kbridge_model_device_refs(struct device *dev)
{
	struct device_ref *ref;
	long refs;

	model_lock(&devices_lock);
	ref = *find(dev);
	refs = ref ? ref->refs : 0;
	model_unlock(&devices_lock);
	return refs;
}

long kbridge_model_live_devices(void)
{
	struct device_ref *ref;
	long count = 0;

	model_lock(&devices_lock);
	for (ref = live_devices; ref; ref = ref->next)
		count++;
	model_unlock(&devices_lock);
	return count;
}

/* --- devres ---------------------------------------------------------------------- */

struct devres_action {
	struct list_head entry;	/* first: the list links these */
	void (*action)(void *);
	void *data;
};

int __devm_add_action(struct device *dev, void (*action)(void *), void *data,
		      const char *name)
{
	struct devres_action *dr = kmalloc(sizeof(*dr), GFP_KERNEL);

	(void)name;
	if (!dr)
		return -ENOMEM;
	dr->action = action;
	dr->data = data;
	model_lock(&devices_lock);
	if (!dev->devres_head.next) {
		dev->devres_head.next = &dev->devres_head;
		dev->devres_head.prev = &dev->devres_head;
	}
	/* list_add(): newest first */
	dr->entry.next = dev->devres_head.next;
	dr->entry.prev = &dev->devres_head;
	dev->devres_head.next->prev = &dr->entry;
	dev->devres_head.next = &dr->entry;
	model_unlock(&devices_lock);
	return 0;
}

/* Runs and drops every action of @dev, newest first; returns how many ran. */
int devres_release_all(struct device *dev)
{
	int count = 0;

	for (;;) {
		struct devres_action *dr = 0;

		model_lock(&devices_lock);
		if (dev->devres_head.next && dev->devres_head.next != &dev->devres_head) {
			dr = (struct devres_action *)dev->devres_head.next;
			dev->devres_head.next = dr->entry.next;
			dr->entry.next->prev = &dev->devres_head;
		}
		model_unlock(&devices_lock);
		if (!dr)
			return count;
		dr->action(dr->data);
		kfree(dr);
		count++;
	}
}

/*
 * msleep(): the model does not sleep. It adds the time to a clock tests read, and lets
 * other threads run, as a sleeping task does.
 */
int sched_yield(void);
static unsigned long slept_ms;

void msleep(unsigned int msecs)
{
	if (model_in_atomic())
		model_error("msleep in atomic context (a timer function): a kernel BUG");
	__atomic_fetch_add(&slept_ms, msecs, __ATOMIC_RELAXED);
	sched_yield();
}

unsigned long kbridge_model_slept_ms(void)
{
	return __atomic_load_n(&slept_ms, __ATOMIC_RELAXED);
}
