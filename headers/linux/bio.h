/* SPDX-License-Identifier: GPL-2.0 */
/* kbridge model of <linux/bio.h>: walking the segments of a bio. */
#ifndef __LINUX_BIO_H
#define __LINUX_BIO_H

#include <linux/types.h>
#include <linux/blk_types.h>
#include <linux/bvec.h>

/* The segment under @iter, cut at page boundaries. */
#define bio_iter_iovec(bio, iter)				\
	bvec_iter_bvec((bio)->bi_io_vec, (iter))

#define bio_iter_page(bio, iter)				\
	bvec_iter_page((bio)->bi_io_vec, (iter))
#define bio_iter_len(bio, iter)					\
	bvec_iter_len((bio)->bi_io_vec, (iter))
#define bio_iter_offset(bio, iter)				\
	bvec_iter_offset((bio)->bi_io_vec, (iter))

#define bio_iovec(bio)		bio_iter_iovec((bio), (bio)->bi_iter)

/**
 * bio_no_advance_iter - whether a bio's operation carries no data buffer
 * @bio: the bio
 *
 * Return: true for discard, secure erase and write-zeroes.
 */
static inline bool bio_no_advance_iter(const struct bio *bio)
{
	return bio_op(bio) == REQ_OP_DISCARD ||
	       bio_op(bio) == REQ_OP_SECURE_ERASE ||
	       bio_op(bio) == REQ_OP_WRITE_ZEROES;
}

/**
 * bio_advance_iter_single - move a bio cursor over part of its current segment
 * @bio: the bio being walked
 * @iter: the cursor
 * @bytes: bytes to step over, at most the current segment's length
 */
static inline void bio_advance_iter_single(const struct bio *bio,
					   struct bvec_iter *iter,
					   unsigned int bytes)
{
	iter->bi_sector += bytes >> 9;

	if (bio_no_advance_iter(bio))
		iter->bi_size -= bytes;
	else
		bvec_iter_advance_single(bio->bi_io_vec, iter, bytes);
}

/* Loop over the page-sized segments of a bio from @start on. */
#define __bio_for_each_segment(bvl, bio, iter, start)			\
	for (iter = (start);						\
	     (iter).bi_size &&						\
		((bvl = bio_iter_iovec((bio), (iter))), 1);		\
	     bio_advance_iter_single((bio), &(iter), (bvl).bv_len))

#define bio_for_each_segment(bvl, bio, iter)				\
	__bio_for_each_segment(bvl, bio, iter, (bio)->bi_iter)

#endif /* __LINUX_BIO_H */
