// SPDX-License-Identifier: GPL-2.0
/*
 * Model of the platform bus and the driver-core paths it goes through, as a platform
 * driver observes them (drivers/base/platform.c, dd.c, bus.c, driver.c, core.c; 6.12):
 *
 * - devices and drivers register in either order; each registration matches the new
 *   one against every registered counterpart (bus_probe_device() -> __device_attach(),
 *   bus_add_driver() -> driver_attach() -> __driver_attach());
 * - platform_match(): driver_override alone when set, else OF compatible (against the
 *   compatible a test gives the device: amd64's 6.12 has no CONFIG_OF, the model matches
 *   as arm64 does), then the id table (which sets pdev->id_entry, also for a device bound
 *   to another driver: __driver_attach() matches before it looks at dev->driver), then
 *   the driver's name. No ACPI;
 * - match runs without the device lock when a driver registers (__driver_attach()) and
 *   under it when a device does (__device_attach()); probe and remove always run under
 *   it (__driver_probe_device() callers take device_lock(), device_release_driver_internal()
 *   too);
 * - really_probe(): -EBUSY with a warning when devres is not empty before probe;
 *   dev->driver set before probe; on failure devres released, dev->driver and the driver
 *   data cleared (device_unbind_cleanup()), no remove; platform_probe() turns
 *   -EPROBE_DEFER into -ENXIO with prevent_deferred_probe. A failed probe lets the next
 *   matching driver try (__device_attach_driver());
 * - unbind (__device_release_driver()): remove (platform_remove()), then devres newest
 *   first, dev->driver and the driver data cleared;
 * - driver_unregister(): off the bus first, then every device bound to it unbound, the
 *   last bound first (bus_remove_driver(), driver_detach());
 * - device_del(): off the bus first, then unbound (bus_remove_device());
 * - names: "name.id", "name" for PLATFORM_DEVID_NONE, "name.N.auto" with an allocated N
 *   for PLATFORM_DEVID_AUTO (freed at del); a second device of a name is -EEXIST;
 *   a second driver of a name -EBUSY (driver_register());
 * - device_shutdown() at a model reboot: every device, newest first, under its lock,
 *   the bound driver's shutdown (platform_shutdown()).
 *
 * Left out: deferred probing (-EPROBE_DEFER is a plain failure here), asynchronous probing
 * (PROBE_PREFER_ASYNCHRONOUS probes synchronously), resources, parents' locks, sysfs.
 */
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/platform_device.h>
#include <linux/printk.h>
#include <linux/slab.h>

#include "model.h"

/* The bus type is the driver core's; the model needs only its identity and name. */
struct bus_type {
	const char *name;
};

static const struct bus_type platform_bus = { .name = "platform" };

/* A registered device: its order of addition is the shutdown order, reversed. */
struct model_pdev {
	struct platform_device *pdev;
	char *compatible;		/* its OF node's "compatible", or NULL: no node */
	struct model_pdev *next;
};

static struct model_pdev *devices;	/* newest first */
static struct platform_driver *drivers[64];
static int driver_count;
static int bus_lock;			/* the bus's klists */
static unsigned long auto_ids;		/* platform_devid_ida: bit N is N taken */
/*
 * Device-tree nodes given to devices not yet added; platform_device_add() moves a
 * device's node to its entry, platform_device_del() frees it.
 */
static struct model_pdev *nodes;

/* The node kept for @pdev, unlinked from @nodes, or NULL; bus_lock held. */
static struct model_pdev *take_node(struct platform_device *pdev)
{
	struct model_pdev **at, *n;

	for (at = &nodes; *at; at = &(*at)->next)
		if ((*at)->pdev == pdev) {
			n = *at;
			*at = n->next;
			return n;
		}
	return 0;
}

/* --- matching --------------------------------------------------------------------- */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* of_compat_cmp(): compatibles compare without case. */
static int same_compatible(const char *a, const char *b)
{
	while (*a && lower(*a) == lower(*b)) {
		a++;
		b++;
	}
	return !*a && !*b;
}

static const char *compatible_of(struct platform_device *pdev)
{
	struct model_pdev *d;
	const char *found = 0;

	model_lock(&bus_lock);
	for (d = devices; d; d = d->next)
		if (d->pdev == pdev)
			found = d->compatible;
	model_unlock(&bus_lock);
	return found;
}

/*
 * of_driver_match_device() -> of_match_device() -> __of_match_node(): an entry matches
 * a node when what it gives matches (the model's node has a compatible, and no name or
 * type, so entries naming one of those never match). The table ends at an empty entry.
 */
static int of_matches(const struct of_device_id *table, struct platform_device *pdev)
{
	const char *compatible = compatible_of(pdev);

	if (!table || !compatible)
		return 0;
	for (; table->name[0] || table->type[0] || table->compatible[0]; table++) {
		if (table->name[0] || table->type[0])
			continue;
		if (same_compatible(table->compatible, compatible))
			return 1;
	}
	return 0;
}

/* device_match_driver_override(): 1 or 0 when set, -1 when not. */
static int override_matches(struct device *dev, const struct device_driver *drv)
{
	int ret = -1;

	spin_lock(&dev->driver_override.lock);
	if (dev->driver_override.name)
		ret = !strcmp(dev->driver_override.name, drv->name);
	spin_unlock(&dev->driver_override.lock);
	return ret;
}

/* platform_match_id(): sets pdev->id_entry on a match. */
static const struct platform_device_id *match_id(const struct platform_device_id *id,
						 struct platform_device *pdev)
{
	for (; id->name[0]; id++)
		if (!strcmp(pdev->name, id->name)) {
			pdev->id_entry = id;
			return id;
		}
	return 0;
}

/* platform_match() */
static int platform_match(struct platform_device *pdev, struct platform_driver *pdrv)
{
	int ret = override_matches(&pdev->dev, &pdrv->driver);

	if (ret >= 0)
		return ret;
	if (of_matches(pdrv->driver.of_match_table, pdev))
		return 1;
	if (pdrv->id_table)
		return match_id(pdrv->id_table, pdev) != 0;
	return !strcmp(pdev->name, pdrv->driver.name);
}

/* --- binding ---------------------------------------------------------------------- */

static int registered(struct platform_device *pdev)
{
	struct model_pdev *d;
	int found = 0;

	model_lock(&bus_lock);
	for (d = devices; d; d = d->next)
		found |= d->pdev == pdev;
	model_unlock(&bus_lock);
	return found;
}

/* device_unbind_cleanup() */
static void unbind_cleanup(struct device *dev)
{
	devres_release_all(dev);
	dev->driver = 0;
	dev_set_drvdata(dev, 0);
}

/*
 * __driver_probe_device() -> really_probe() -> platform_probe(), device lock held.
 * Returns 0 when bound, -ENODEV/-EBUSY when not tried, the probe's error made positive
 * when it failed (as really_probe() does).
 */
static int probe_locked(struct platform_driver *drv, struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	int ret = 0;

	if (!registered(pdev))
		return -ENODEV;
	if (dev->driver)
		return -EBUSY;
	if (dev->devres_head.next && dev->devres_head.next != &dev->devres_head) {
		model_log("%s: Resources present before probing", dev_name(dev));
		return -EBUSY;
	}
	dev->driver = &drv->driver;
	if (drv->probe)
		ret = drv->probe(pdev);
	if (drv->prevent_deferred_probe && ret == -EPROBE_DEFER) {
		model_log("%s: probe deferral not supported", dev_name(dev));
		ret = -ENXIO;
	}
	if (ret > 0) {
		model_error("%s: probe of %s returned %d, not 0 or -errno", drv->driver.name,
			    dev_name(dev), ret);
		ret = -EINVAL;
	}
	if (ret) {
		if (ret != -ENODEV && ret != -ENXIO)
			model_log("%s: probe with driver %s failed with error %d", dev_name(dev),
				  drv->driver.name, ret);
		unbind_cleanup(dev);
		return -ret;
	}
	return 0;
}

/* __device_release_driver(), device lock held: only when bound to @drv (or any). */
static void release_locked(struct platform_device *pdev, struct platform_driver *only)
{
	struct device *dev = &pdev->dev;
	struct platform_driver *drv;

	if (!dev->driver || (only && dev->driver != &only->driver))
		return;
	drv = to_platform_driver(dev->driver);
	if (drv->remove)
		drv->remove(pdev);
	unbind_cleanup(dev);
}

/* Registered devices, each with a reference, in list order (newest first). */
static int snapshot_devices(struct platform_device ***out)
{
	struct model_pdev *d;
	int n = 0, i = 0;

	model_lock(&bus_lock);
	for (d = devices; d; d = d->next)
		n++;
	*out = calloc(n ? n : 1, sizeof(**out));
	if (!*out)
		abort();
	for (d = devices; d; d = d->next)
		(*out)[i++] = to_platform_device(get_device(&d->pdev->dev));
	model_unlock(&bus_lock);
	return n;
}

/* bus_probe_device() -> __device_attach(): device lock held over match and probe. */
static void device_attach(struct platform_device *pdev)
{
	int i;

	device_lock(&pdev->dev);
	for (i = 0;; i++) {
		struct platform_driver *drv;

		model_lock(&bus_lock);
		drv = i < driver_count ? drivers[i] : 0;
		model_unlock(&bus_lock);
		if (!drv || pdev->dev.driver)
			break;
		if (platform_match(pdev, drv) && probe_locked(drv, pdev) == 0)
			break;
	}
	device_unlock(&pdev->dev);
}

/* driver_attach() -> __driver_attach(): match unlocked, then probe under the lock. */
static void driver_attach(struct platform_driver *drv)
{
	struct platform_device **all;
	int i, n = snapshot_devices(&all);

	/* bus_for_each_dev() walks in order of addition: the snapshot is newest first. */
	for (i = n - 1; i >= 0; i--) {
		if (platform_match(all[i], drv)) {
			device_lock(&all[i]->dev);
			probe_locked(drv, all[i]);
			device_unlock(&all[i]->dev);
		}
		put_device(&all[i]->dev);
	}
	free(all);
}

/* --- drivers ---------------------------------------------------------------------- */

int __platform_driver_register(struct platform_driver *drv, struct module *owner)
{
	int i;

	drv->driver.owner = owner;
	drv->driver.bus = &platform_bus;
	if (!drv->driver.name || !drv->driver.name[0]) {
		model_error("platform driver without a name");
		return -EINVAL;
	}
	model_lock(&bus_lock);
	/* driver_register() -> driver_find() */
	for (i = 0; i < driver_count; i++)
		if (drivers[i] == drv || !strcmp(drivers[i]->driver.name, drv->driver.name)) {
			model_unlock(&bus_lock);
			model_log("Error: Driver '%s' is already registered, aborting...",
				  drv->driver.name);
			return -EBUSY;
		}
	if (driver_count == (int)(sizeof(drivers) / sizeof(drivers[0]))) {
		model_unlock(&bus_lock);
		return -ENOMEM;
	}
	drivers[driver_count++] = drv;
	model_unlock(&bus_lock);
	driver_attach(drv);
	return 0;
}

void platform_driver_unregister(struct platform_driver *drv)
{
	struct platform_device **all;
	int i, n, found = -1;

	model_lock(&bus_lock);
	for (i = 0; i < driver_count; i++)
		if (drivers[i] == drv)
			found = i;
	if (found >= 0) {
		for (i = found; i + 1 < driver_count; i++)
			drivers[i] = drivers[i + 1];
		driver_count--;
	}
	model_unlock(&bus_lock);
	if (found < 0) {
		/* driver_unregister(): WARN "Unexpected driver unregister!" */
		model_error("platform_driver_unregister of '%s', which is not registered",
			    drv->driver.name);
		return;
	}
	/* driver_detach(): the devices it is bound to, most recently bound first. */
	n = snapshot_devices(&all);
	for (i = 0; i < n; i++) {
		device_lock(&all[i]->dev);
		release_locked(all[i], drv);
		device_unlock(&all[i]->dev);
		put_device(&all[i]->dev);
	}
	free(all);
}

/* --- devices ---------------------------------------------------------------------- */

struct platform_object {
	struct platform_device pdev;
	char name[];
};

/* platform_device_release() */
static void platform_device_release(struct device *dev)
{
	struct platform_object *pa = container_of(dev, struct platform_object, pdev.dev);

	kfree(pa->pdev.dev.platform_data);
	kfree(pa->pdev.mfd_cell);
	kfree(pa->pdev.resource);
	kfree(pa);
}

struct platform_device *platform_device_alloc(const char *name, int id)
{
	struct platform_object *pa = kmalloc(sizeof(*pa) + strlen(name) + 1, GFP_KERNEL);

	if (!pa)
		return 0;
	memset(pa, 0, sizeof(*pa));
	memcpy(pa->name, name, strlen(name) + 1);
	pa->pdev.name = pa->name;
	pa->pdev.id = id;
	device_initialize(&pa->pdev.dev);
	pa->pdev.dev.release = platform_device_release;
	return &pa->pdev;
}

void platform_device_put(struct platform_device *pdev)
{
	if (pdev && (unsigned long)pdev < (unsigned long)-4095)
		put_device(&pdev->dev);
}

static int name_taken(const char *name)
{
	struct model_pdev *d;

	for (d = devices; d; d = d->next)
		if (!strcmp(dev_name(&d->pdev->dev), name))
			return 1;
	return 0;
}

int platform_device_add(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct model_pdev *entry;
	int ret, id = -1;

	dev->bus = &platform_bus;
	switch (pdev->id) {
	default:
		ret = dev_set_name(dev, "%s.%d", pdev->name, pdev->id);
		break;
	case PLATFORM_DEVID_NONE:
		ret = dev_set_name(dev, "%s", pdev->name);
		break;
	case PLATFORM_DEVID_AUTO:
		/* ida_alloc(&platform_devid_ida): the lowest free number */
		model_lock(&bus_lock);
		for (id = 0; id < BITS_PER_LONG && (auto_ids & BIT(id)); id++)
			;
		if (id < BITS_PER_LONG)
			auto_ids |= BIT(id);
		model_unlock(&bus_lock);
		if (id == BITS_PER_LONG)
			return -ENOSPC;
		pdev->id = id;
		pdev->id_auto = true;
		ret = dev_set_name(dev, "%s.%d.auto", pdev->name, pdev->id);
		break;
	}
	entry = ret ? 0 : malloc(sizeof(*entry));
	if (!ret && !entry)
		ret = -ENOMEM;
	if (!ret) {
		model_lock(&bus_lock);
		/* device_add() -> kobject_add(): a name taken in the directory is -EEXIST. */
		if (name_taken(dev_name(dev))) {
			ret = -EEXIST;
		} else {
			struct model_pdev *node = take_node(pdev);

			entry->pdev = pdev;
			entry->compatible = node ? node->compatible : 0;
			entry->next = devices;
			devices = entry;
			free(node);
		}
		model_unlock(&bus_lock);
		if (ret) {
			model_log("sysfs: cannot create duplicate filename '/devices/platform/%s'",
				  dev_name(dev));
			free(entry);
		}
	}
	if (ret) {
		if (pdev->id_auto) {
			model_lock(&bus_lock);
			auto_ids &= ~BIT(pdev->id);
			model_unlock(&bus_lock);
			pdev->id = PLATFORM_DEVID_AUTO;
			pdev->id_auto = false;
		}
		return ret;
	}
	device_attach(pdev);
	return 0;
}

int platform_device_register(struct platform_device *pdev)
{
	device_initialize(&pdev->dev);
	return platform_device_add(pdev);
}

/* platform_device_del() -> device_del() -> bus_remove_device(): off the bus, unbound. */
void platform_device_del(struct platform_device *pdev)
{
	struct model_pdev **at, *entry = 0;

	if (!pdev || (unsigned long)pdev >= (unsigned long)-4095)
		return;
	model_lock(&bus_lock);
	for (at = &devices; *at; at = &(*at)->next)
		if ((*at)->pdev == pdev) {
			entry = *at;
			*at = entry->next;
			break;
		}
	model_unlock(&bus_lock);
	if (!entry) {
		model_error("platform_device_del of a device that is not added");
		return;
	}
	/* The node stays until the device is gone; the model drops it with the entry. */
	free(entry->compatible);
	free(entry);
	device_lock(&pdev->dev);
	release_locked(pdev, 0);
	device_unlock(&pdev->dev);
	if (pdev->id_auto) {
		model_lock(&bus_lock);
		auto_ids &= ~BIT(pdev->id);
		model_unlock(&bus_lock);
		pdev->id = PLATFORM_DEVID_AUTO;
	}
}

void platform_device_unregister(struct platform_device *pdev)
{
	platform_device_del(pdev);
	platform_device_put(pdev);
}

/* --- what tests drive ------------------------------------------------------------- */

/*
 * Gives @pdev, not yet added, a device-tree node with "compatible" = @compatible (NULL:
 * no node), as of_platform_populate() does before it adds a device. The node is the
 * device's from platform_device_add() on and goes at platform_device_del().
 */
int kbridge_model_platform_set_compatible(struct platform_device *pdev, const char *compatible)
{
	struct model_pdev *n = 0, *old;
	char *copy = 0;

	if (compatible) {
		copy = malloc(strlen(compatible) + 1);
		n = malloc(sizeof(*n));
		if (!copy || !n) {
			free(copy);
			free(n);
			return -ENOMEM;
		}
		memcpy(copy, compatible, strlen(compatible) + 1);
		n->pdev = pdev;
		n->compatible = copy;
	}
	model_lock(&bus_lock);
	old = take_node(pdev);
	if (old) {
		free(old->compatible);
		free(old);
	}
	if (compatible) {
		n->next = nodes;
		nodes = n;
	}
	model_unlock(&bus_lock);
	return 0;
}

/* `echo name > /sys/bus/platform/devices/<dev>/driver_override` */
int kbridge_model_platform_set_override(struct platform_device *pdev, const char *name)
{
	return __device_set_driver_override(&pdev->dev, name, strlen(name));
}

/* `echo <dev> > /sys/bus/platform/drivers/<drv>/unbind` (device_driver_detach()) */
void kbridge_model_platform_unbind(struct platform_device *pdev)
{
	device_lock(&pdev->dev);
	release_locked(pdev, 0);
	device_unlock(&pdev->dev);
}

/* `echo <dev> > /sys/bus/platform/drivers_probe` (bus_rescan_devices_helper()) */
void kbridge_model_platform_reprobe(struct platform_device *pdev)
{
	device_attach(pdev);
}

/* The name of the driver bound to @pdev, or NULL. */
const char *kbridge_model_platform_driver_name(struct platform_device *pdev)
{
	const char *name = 0;

	device_lock(&pdev->dev);
	if (pdev->dev.driver)
		name = pdev->dev.driver->name;
	device_unlock(&pdev->dev);
	return name;
}

/* device_shutdown(): every registered device, newest first, under its lock. */
void kbridge_model_device_shutdown(void)
{
	struct platform_device **all;
	int i, n = snapshot_devices(&all);

	for (i = 0; i < n; i++) {
		struct device *dev = &all[i]->dev;

		device_lock(dev);
		/* platform_shutdown() */
		if (dev->driver) {
			struct platform_driver *drv = to_platform_driver(dev->driver);

			if (drv->shutdown)
				drv->shutdown(all[i]);
		}
		device_unlock(dev);
		put_device(dev);
	}
	free(all);
}

/* Platform drivers registered. */
int kbridge_model_platform_drivers(void)
{
	int n;

	model_lock(&bus_lock);
	n = driver_count;
	model_unlock(&bus_lock);
	return n;
}
