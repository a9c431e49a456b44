/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/bvec.h>: segments of I/O memory and the cursor that walks them.
 */
#ifndef __LINUX_BVEC_H
#define __LINUX_BVEC_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/mm.h>

/**
 * struct bio_vec - one contiguous piece of I/O memory
 * @bv_page: the first page of the piece
 * @bv_len: its length in bytes
 * @bv_offset: where it starts inside @bv_page
 */
struct bio_vec {
	struct page	*bv_page;
	unsigned int	bv_len;
	unsigned int	bv_offset;
};

/**
 * struct bvec_iter - a position inside an array of bio_vec
 * @bi_sector: the device sector at this position
 * @bi_size: bytes left to walk
 * @bi_idx: the current bio_vec
 * @bi_bvec_done: bytes of the current bio_vec already walked
 */
struct bvec_iter {
	sector_t		bi_sector;
	unsigned int		bi_size;
	unsigned int		bi_idx;
	unsigned int		bi_bvec_done;
} __packed __aligned(4);

/**
 * bvec_iter_advance_single - step over part of the current bio_vec
 * @bv: the bio_vec array being walked
 * @iter: the cursor
 * @bytes: bytes to step over, at most what is left of the current bio_vec
 */
static inline void bvec_iter_advance_single(const struct bio_vec *bv,
				struct bvec_iter *iter, unsigned int bytes)
{
	unsigned int done = iter->bi_bvec_done + bytes;

	if (done == bv[iter->bi_idx].bv_len) {
		done = 0;
		iter->bi_idx++;
	}
	iter->bi_bvec_done = done;
	iter->bi_size -= bytes;
}

/* The piece of the current bio_vec under the cursor, cut at page boundaries. */
#define __bvec_iter_bvec(bvec, iter)	(&(bvec)[(iter).bi_idx])

#define mp_bvec_iter_page(bvec, iter)				\
	(__bvec_iter_bvec((bvec), (iter))->bv_page)

#define mp_bvec_iter_len(bvec, iter)				\
	min((iter).bi_size,					\
	    __bvec_iter_bvec((bvec), (iter))->bv_len - (iter).bi_bvec_done)

#define mp_bvec_iter_offset(bvec, iter)				\
	(__bvec_iter_bvec((bvec), (iter))->bv_offset + (iter).bi_bvec_done)

#define mp_bvec_iter_page_idx(bvec, iter)			\
	(mp_bvec_iter_offset((bvec), (iter)) / PAGE_SIZE)

#define bvec_iter_offset(bvec, iter)				\
	(mp_bvec_iter_offset((bvec), (iter)) % PAGE_SIZE)

#define bvec_iter_len(bvec, iter)				\
	min_t(unsigned, mp_bvec_iter_len((bvec), (iter)),	\
	      PAGE_SIZE - bvec_iter_offset((bvec), (iter)))

#define bvec_iter_page(bvec, iter)				\
	(mp_bvec_iter_page((bvec), (iter)) +			\
	 mp_bvec_iter_page_idx((bvec), (iter)))

#define bvec_iter_bvec(bvec, iter)				\
((struct bio_vec) {						\
	.bv_page	= bvec_iter_page((bvec), (iter)),	\
	.bv_len		= bvec_iter_len((bvec), (iter)),	\
	.bv_offset	= bvec_iter_offset((bvec), (iter)),	\
})

#endif /* __LINUX_BVEC_H */
