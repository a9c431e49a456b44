/* SPDX-License-Identifier: GPL-2.0 */
/* kbridge model of <linux/irqreturn.h>: what an interrupt handler reports. */
#ifndef _LINUX_IRQRETURN_H
#define _LINUX_IRQRETURN_H

/**
 * enum irqreturn - the outcome of an interrupt handler
 * @IRQ_NONE: the interrupt was not ours, or nothing was done
 * @IRQ_HANDLED: the interrupt was ours and was serviced
 * @IRQ_WAKE_THREAD: wake the threaded half of the handler
 */
enum irqreturn {
	IRQ_NONE		= (0 << 0),
	IRQ_HANDLED		= (1 << 0),
	IRQ_WAKE_THREAD		= (1 << 1),
};

typedef enum irqreturn irqreturn_t;

#endif /* _LINUX_IRQRETURN_H */
