/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* kbridge model of <uapi/linux/ethtool.h>: link speeds and duplex modes. */
#ifndef _UAPI_LINUX_ETHTOOL_H
#define _UAPI_LINUX_ETHTOOL_H

/* Link speed in Mb/s. */
#define SPEED_10		10
#define SPEED_100		100
#define SPEED_1000		1000
#define SPEED_2500		2500
#define SPEED_5000		5000
#define SPEED_10000		10000
#define SPEED_UNKNOWN		-1

/* Duplex mode. */
#define DUPLEX_HALF		0x00
#define DUPLEX_FULL		0x01
#define DUPLEX_UNKNOWN		0xff

/* Whether the link mode is negotiated or forced. */
#define AUTONEG_DISABLE		0x00
#define AUTONEG_ENABLE		0x01

/* Which connector the PHY drives. */
#define PORT_TP			0x00
#define PORT_MII		0x02

#endif /* _UAPI_LINUX_ETHTOOL_H */
