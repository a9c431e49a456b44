/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/kobject.h>: the named, reference-counted object under every
 * struct device. The model keeps its name only; the count is the driver core's.
 */
#ifndef _KOBJECT_H_
#define _KOBJECT_H_

#include <linux/types.h>

/**
 * struct kobject - the sysfs object of a device
 * @name: its name in sysfs, set with dev_set_name() for a device
 */
struct kobject {
	const char		*name;
};

/**
 * kobject_name - the name of a kobject
 * @kobj: the object
 *
 * Return: its name, or NULL before one was set.
 */
static inline const char *kobject_name(const struct kobject *kobj)
{
	return kobj->name;
}

#endif /* _KOBJECT_H_ */
