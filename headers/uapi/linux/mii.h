/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kbridge model of <uapi/linux/mii.h>: the IEEE 802.3 clause 22 register map. Register
 * numbers and bit values are fixed by the standard.
 */
#ifndef _UAPI__LINUX_MII_H__
#define _UAPI__LINUX_MII_H__

/* Clause 22 register numbers. */
#define MII_BMCR		0x00	/* basic control */
#define MII_BMSR		0x01	/* basic status */
#define MII_PHYSID1		0x02	/* PHY identifier, high half */
#define MII_PHYSID2		0x03	/* PHY identifier, low half */
#define MII_ADVERTISE		0x04	/* our auto-negotiation advertisement */
#define MII_LPA			0x05	/* link partner's advertisement */
#define MII_EXPANSION		0x06	/* auto-negotiation expansion */
#define MII_CTRL1000		0x09	/* 1000BASE-T control */
#define MII_STAT1000		0x0a	/* 1000BASE-T status */
#define MII_MMD_CTRL		0x0d	/* clause 45 access over clause 22: MMD and function */
#define MII_MMD_DATA		0x0e	/* clause 45 access over clause 22: address or data */
#define MII_ESTATUS		0x0f	/* extended status */

/* MII_BMCR bits. */
/* MII_MMD_CTRL functions (bits 15:14); the MMD number is in bits 4:0. */
#define MII_MMD_CTRL_DEVAD_MASK	0x001f
#define MII_MMD_CTRL_ADDR	0x0000	/* MII_MMD_DATA holds a register address */
#define MII_MMD_CTRL_NOINCR	0x4000	/* MII_MMD_DATA holds data; no post-increment */

#define BMCR_SPEED1000		0x0040	/* speed select, high bit */
#define BMCR_CTST		0x0080	/* collision test */
#define BMCR_FULLDPLX		0x0100	/* full duplex when forced */
#define BMCR_ANRESTART		0x0200	/* restart auto-negotiation; self-clearing */
#define BMCR_ISOLATE		0x0400	/* isolate the PHY from the MII */
#define BMCR_PDOWN		0x0800	/* power down */
#define BMCR_ANENABLE		0x1000	/* auto-negotiation enable */
#define BMCR_SPEED100		0x2000	/* speed select, low bit */
#define BMCR_LOOPBACK		0x4000	/* loop transmit data back */
#define BMCR_RESET		0x8000	/* software reset; self-clearing */
#define BMCR_SPEED10		0x0000	/* both speed bits clear */

/* MII_BMSR bits. */
#define BMSR_ERCAP		0x0001	/* extended registers present */
#define BMSR_JCD		0x0002	/* jabber seen */
#define BMSR_LSTATUS		0x0004	/* link up; latched low until read */
#define BMSR_ANEGCAPABLE	0x0008	/* can auto-negotiate */
#define BMSR_RFAULT		0x0010	/* remote fault */
#define BMSR_ANEGCOMPLETE	0x0020	/* auto-negotiation finished */
#define BMSR_ESTATEN		0x0100	/* MII_ESTATUS present */
#define BMSR_100HALF2		0x0200	/* 100BASE-T2 half duplex */
#define BMSR_100FULL2		0x0400	/* 100BASE-T2 full duplex */
#define BMSR_10HALF		0x0800	/* 10 Mb/s half duplex */
#define BMSR_10FULL		0x1000	/* 10 Mb/s full duplex */
#define BMSR_100HALF		0x2000	/* 100 Mb/s half duplex */
#define BMSR_100FULL		0x4000	/* 100 Mb/s full duplex */
#define BMSR_100BASE4		0x8000	/* 100BASE-T4 */

/* MII_ADVERTISE bits. */
#define ADVERTISE_SLCT		0x001f	/* selector field */
#define ADVERTISE_CSMA		0x0001	/* IEEE 802.3 selector */
#define ADVERTISE_10HALF	0x0020
#define ADVERTISE_10FULL	0x0040
#define ADVERTISE_100HALF	0x0080
#define ADVERTISE_100FULL	0x0100
#define ADVERTISE_100BASE4	0x0200
#define ADVERTISE_PAUSE_CAP	0x0400	/* symmetric pause */
#define ADVERTISE_PAUSE_ASYM	0x0800	/* asymmetric pause */
#define ADVERTISE_RFAULT	0x2000
#define ADVERTISE_LPACK		0x4000
#define ADVERTISE_NPAGE		0x8000

#define ADVERTISE_FULL		(ADVERTISE_100FULL | ADVERTISE_10FULL | ADVERTISE_CSMA)
#define ADVERTISE_ALL		(ADVERTISE_10HALF | ADVERTISE_10FULL | \
				 ADVERTISE_100HALF | ADVERTISE_100FULL)

/* MII_LPA bits. */
#define LPA_SLCT		0x001f
#define LPA_10HALF		0x0020
#define LPA_10FULL		0x0040
#define LPA_100HALF		0x0080
#define LPA_100FULL		0x0100
#define LPA_100BASE4		0x0200
#define LPA_PAUSE_CAP		0x0400
#define LPA_PAUSE_ASYM		0x0800
#define LPA_RFAULT		0x2000
#define LPA_LPACK		0x4000
#define LPA_NPAGE		0x8000

#define LPA_DUPLEX		(LPA_10FULL | LPA_100FULL)
#define LPA_100			(LPA_100FULL | LPA_100HALF | LPA_100BASE4)

/* MII_CTRL1000 and MII_STAT1000 bits. */
#define ADVERTISE_1000FULL	0x0200
#define ADVERTISE_1000HALF	0x0100
#define LPA_1000FULL		0x0800
#define LPA_1000HALF		0x0400

#endif /* _UAPI__LINUX_MII_H__ */
