/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* kbridge model: the asm-generic errno values above 34 (a subset). */
#ifndef _ASM_GENERIC_ERRNO_H
#define _ASM_GENERIC_ERRNO_H

#include <uapi/asm-generic/errno-base.h>

#define	EWOULDBLOCK	EAGAIN	/* Operation would block */
#define	EDEADLK           35	/* Resource deadlock would occur */
#define	ENAMETOOLONG      36	/* File name too long */
#define	ENOLCK            37	/* No record locks available */
#define	ENOSYS            38	/* Invalid system call number */
#define	ENOTEMPTY         39	/* Directory not empty */
#define	ELOOP             40	/* Too many symbolic links encountered */
#define	ENOMSG            42	/* No message of desired type */
#define	EIDRM             43	/* Identifier removed */
#define	ENOSTR            60	/* Device not a stream */
#define	EBADE             52	/* Invalid exchange */
#define	ENODATA           61	/* No data available */
#define	ETIME             62	/* Timer expired */
#define	ENOLINK           67	/* Link has been severed */
#define	EPROTO            71	/* Protocol error */
#define	EBADMSG           74	/* Not a data message */
#define	EOVERFLOW         75	/* Value too large for defined data type */
#define	EILSEQ            84	/* Illegal byte sequence */
#define	EUSERS            87	/* Too many users */
#define	ENOTSOCK          88	/* Socket operation on non-socket */
#define	EMSGSIZE          90	/* Message too long */
#define	EPROTONOSUPPORT   93	/* Protocol not supported */
#define	EOPNOTSUPP        95	/* Operation not supported on transport endpoint */
#define	EADDRINUSE        98	/* Address already in use */
#define	ENETDOWN         100	/* Network is down */
#define	ENETUNREACH      101	/* Network is unreachable */
#define	ECONNRESET       104	/* Connection reset by peer */
#define	ENOBUFS          105	/* No buffer space available */
#define	ETIMEDOUT        110	/* Connection timed out */
#define	ECONNREFUSED     111	/* Connection refused */
#define	EHOSTUNREACH     113	/* No route to host */
#define	EALREADY         114	/* Operation already in progress */
#define	EINPROGRESS      115	/* Operation now in progress */
#define	EREMOTEIO        121	/* Remote I/O error */
#define	EDQUOT           122	/* Quota exceeded */
#define	ENOMEDIUM        123	/* No medium found */
#define	EMEDIUMTYPE      124	/* Wrong medium type */
#define	ECANCELED        125	/* Operation Canceled */

#endif
