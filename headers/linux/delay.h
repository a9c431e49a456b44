/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/delay.h>: the sleeping delay a driver waits on hardware with.
 */
#ifndef _LINUX_DELAY_H
#define _LINUX_DELAY_H

/**
 * msleep - sleep for at least @msecs milliseconds
 * @msecs: the time to sleep
 *
 * Sleeps: process context only (kernel/time/timer.c in 6.12).
 */
void msleep(unsigned int msecs);

#endif /* _LINUX_DELAY_H */
