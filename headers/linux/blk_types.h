/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/blk_types.h>: block I/O status codes, operations and the bio.
 */
#ifndef __LINUX_BLK_TYPES_H
#define __LINUX_BLK_TYPES_H

#include <linux/types.h>
#include <linux/bvec.h>

struct bio;
struct block_device;

typedef void (bio_end_io_t) (struct bio *);

#define SECTOR_SHIFT 9
#define SECTOR_SIZE (1 << SECTOR_SHIFT)

/* Sectors in a page: the least data per I/O every driver must take (blk_validate_limits()). */
#define PAGE_SECTORS_SHIFT	(PAGE_SHIFT - SECTOR_SHIFT)
#define PAGE_SECTORS		(1 << PAGE_SECTORS_SHIFT)

/* The outcome of an I/O, as the block layer reports it; blk_status_to_errno() maps it. */
typedef u8 __bitwise blk_status_t;
typedef u16 blk_short_t;
#define	BLK_STS_OK 0
#define BLK_STS_NOTSUPP		((__force blk_status_t)1)
#define BLK_STS_TIMEOUT		((__force blk_status_t)2)
#define BLK_STS_NOSPC		((__force blk_status_t)3)
#define BLK_STS_TRANSPORT	((__force blk_status_t)4)
#define BLK_STS_TARGET		((__force blk_status_t)5)
#define BLK_STS_RESV_CONFLICT	((__force blk_status_t)6)
#define BLK_STS_MEDIUM		((__force blk_status_t)7)
#define BLK_STS_PROTECTION	((__force blk_status_t)8)
#define BLK_STS_RESOURCE	((__force blk_status_t)9)
#define BLK_STS_IOERR		((__force blk_status_t)10)
#define BLK_STS_DM_REQUEUE	((__force blk_status_t)11)
#define BLK_STS_AGAIN		((__force blk_status_t)12)
#define BLK_STS_DEV_RESOURCE	((__force blk_status_t)13)
#define BLK_STS_ZONE_OPEN_RESOURCE	((__force blk_status_t)14)
#define BLK_STS_ZONE_ACTIVE_RESOURCE	((__force blk_status_t)15)
#define BLK_STS_OFFLINE		((__force blk_status_t)16)
#define BLK_STS_DURATION_LIMIT	((__force blk_status_t)17)
#define BLK_STS_INVAL		((__force blk_status_t)19)

/* Operation in the low REQ_OP_BITS bits, flags above them. */
typedef __u32 __bitwise blk_opf_t;
typedef unsigned int blk_qc_t;

#define REQ_OP_BITS	8
#define REQ_OP_MASK	(__force blk_opf_t)((1 << REQ_OP_BITS) - 1)

/**
 * enum req_op - what an I/O does; odd values move data to the device
 * @REQ_OP_READ: read sectors
 * @REQ_OP_WRITE: write sectors
 * @REQ_OP_FLUSH: flush the volatile write cache
 * @REQ_OP_DISCARD: the sectors' contents are no longer needed
 * @REQ_OP_SECURE_ERASE: erase the sectors securely
 * @REQ_OP_ZONE_APPEND: write at a zone's write pointer
 * @REQ_OP_WRITE_ZEROES: write zeroes without a data buffer
 * @REQ_OP_ZONE_OPEN: open a zone
 * @REQ_OP_ZONE_CLOSE: close a zone
 * @REQ_OP_ZONE_FINISH: move a zone to full
 * @REQ_OP_ZONE_RESET: reset a zone's write pointer
 * @REQ_OP_ZONE_RESET_ALL: reset every zone
 * @REQ_OP_DRV_IN: driver-private command reading from the device
 * @REQ_OP_DRV_OUT: driver-private command writing to the device
 * @REQ_OP_LAST: one past the last operation
 */
enum req_op {
	REQ_OP_READ		= (__force blk_opf_t)0,
	REQ_OP_WRITE		= (__force blk_opf_t)1,
	REQ_OP_FLUSH		= (__force blk_opf_t)2,
	REQ_OP_DISCARD		= (__force blk_opf_t)3,
	REQ_OP_SECURE_ERASE	= (__force blk_opf_t)5,
	REQ_OP_ZONE_APPEND	= (__force blk_opf_t)7,
	REQ_OP_WRITE_ZEROES	= (__force blk_opf_t)9,
	REQ_OP_ZONE_OPEN	= (__force blk_opf_t)11,
	REQ_OP_ZONE_CLOSE	= (__force blk_opf_t)13,
	REQ_OP_ZONE_FINISH	= (__force blk_opf_t)15,
	REQ_OP_ZONE_RESET	= (__force blk_opf_t)17,
	REQ_OP_ZONE_RESET_ALL	= (__force blk_opf_t)19,
	REQ_OP_DRV_IN		= (__force blk_opf_t)34,
	REQ_OP_DRV_OUT		= (__force blk_opf_t)35,
	REQ_OP_LAST		= (__force blk_opf_t)36,
};

/**
 * struct bio - one block I/O: an operation over a list of memory segments
 * @bi_next: the next bio of the same request
 * @bi_bdev: the target block device
 * @bi_opf: operation and flags
 * @bi_flags: BIO_* state bits
 * @bi_ioprio: I/O priority
 * @bi_status: completion status
 * @__bi_remaining: outstanding chained completions
 * @bi_iter: the part of @bi_io_vec not yet done
 * @bi_end_io: completion callback
 * @bi_private: the submitter's data
 * @bi_vcnt: how many bio_vecs @bi_io_vec holds
 * @bi_max_vecs: how many it can hold
 * @__bi_cnt: reference count
 * @bi_io_vec: the segments
 */
struct bio {
	struct bio		*bi_next;
	struct block_device	*bi_bdev;
	blk_opf_t		bi_opf;
	unsigned short		bi_flags;
	unsigned short		bi_ioprio;
	blk_status_t		bi_status;
	atomic_t		__bi_remaining;

	struct bvec_iter	bi_iter;

	union {
		blk_qc_t		bi_cookie;
		unsigned int		__bi_nr_segments;
	};
	bio_end_io_t		*bi_end_io;
	void			*bi_private;

	unsigned short		bi_vcnt;
	unsigned short		bi_max_vecs;

	atomic_t		__bi_cnt;

	struct bio_vec		*bi_io_vec;
};

/**
 * bio_op - the operation of a bio
 * @bio: the bio
 *
 * Return: the REQ_OP_* value, without flags.
 */
static inline enum req_op bio_op(const struct bio *bio)
{
	return bio->bi_opf & REQ_OP_MASK;
}

/**
 * op_is_write - whether an operation moves data to the device
 * @op: the operation, possibly with flags
 *
 * Return: true for write-direction operations.
 */
static inline bool op_is_write(blk_opf_t op)
{
	return !!(op & (__force blk_opf_t)1);
}

#endif /* __LINUX_BLK_TYPES_H */
