/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/errno.h>: the user-visible errno values plus the kernel-internal
 * ones that must never reach user space.
 */
#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H

#include <uapi/asm-generic/errno.h>

#define	ERESTARTSYS      512	/* interrupted; restart the system call */
#define	ERESTARTNOINTR   513	/* restart without signal handling */
#define	ENOIOCTLCMD      515	/* no ioctl command */
#define	EPROBE_DEFER     517	/* driver requests probe retry */
#define	EOPENSTALE       518	/* open found a stale dentry */
#define	ENOPARAM         519	/* parameter not supported */
#define	EBADHANDLE       521	/* illegal NFS file handle */
#define	ENOTSUPP         524	/* operation is not supported */
#define	ETOOSMALL        525	/* buffer or request is too small */
#define	ESERVERFAULT     526	/* an untranslatable error occurred */
#define	EBADTYPE         527	/* type not supported by server */

#endif /* _LINUX_ERRNO_H */
