/* SPDX-License-Identifier: GPL-2.0 */
/* kbridge model of <linux/pm.h>: the power-management message a legacy suspend gets. */
#ifndef _LINUX_PM_H
#define _LINUX_PM_H

/**
 * struct pm_message - which system transition a suspend callback is part of
 * @event: PM_EVENT_* of the transition
 */
typedef struct pm_message {
	int event;
} pm_message_t;

#endif /* _LINUX_PM_H */
