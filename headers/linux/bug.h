/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/bug.h>: the kernel's "this cannot happen" stop.
 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

/*
 * BUG - report a kernel bug and kill the current task
 *
 * In a kernel this is an architecture trap that prints an oops with a backtrace; the
 * model traps the process the same way, so a test sees the crash.
 */
#define BUG() do {							\
	__builtin_trap();						\
} while (0)

#endif /* _LINUX_BUG_H */
