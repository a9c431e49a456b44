// SPDX-License-Identifier: GPL-2.0
/*
 * cnullb: examples/nullblk written in plain C on the same model, the baseline of the
 * driver-cost benchmark. Same features and settings as rnullb at its defaults: 16 MiB,
 * 512-byte blocks, one hardware queue 64 deep, memory-backed (a vzalloc'ed RAM disk under
 * a spin lock), flushes complete at once, other operations end with BLK_STS_NOTSUPP, I/O
 * past the end with BLK_STS_NOSPC and I/O touching the bad range with BLK_STS_IOERR.
 */
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/err.h>
#include <linux/highmem.h>
#include <linux/module.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

#define CNULLB_MIB 16

struct cnullb {
	sector_t sectors;
	unsigned char *memory;	/* NULL: writes are dropped, reads return zeros */
	spinlock_t lock;	/* serialises access to memory */
	sector_t bad_start, bad_end;
};

static struct cnullb cnullb_dev;
static struct blk_mq_tag_set cnullb_set;
static struct gendisk *cnullb_disk;

static blk_status_t cnullb_serve(struct cnullb *dev, struct request *rq)
{
	sector_t first = blk_rq_pos(rq), end = first + blk_rq_sectors(rq);
	struct req_iterator iter;
	struct bio_vec bvec;
	unsigned long at;
	bool write;

	switch (req_op(rq)) {
	case REQ_OP_FLUSH:
		return BLK_STS_OK;
	case REQ_OP_READ:
		write = false;
		break;
	case REQ_OP_WRITE:
		write = true;
		break;
	default:
		return BLK_STS_NOTSUPP;
	}
	if (end < first || end > dev->sectors)
		return BLK_STS_NOSPC;
	if (first < dev->bad_end && dev->bad_start < end)
		return BLK_STS_IOERR;
	at = first << SECTOR_SHIFT;
	if (dev->memory)
		spin_lock(&dev->lock);
	rq_for_each_segment(bvec, rq, iter) {
		unsigned char *page = kmap_local_page(bvec.bv_page);
		unsigned char *data = page + bvec.bv_offset;

		if (!dev->memory) {
			if (!write)
				__builtin_memset(data, 0, bvec.bv_len);
		} else if (write) {
			__builtin_memcpy(dev->memory + at, data, bvec.bv_len);
		} else {
			__builtin_memcpy(data, dev->memory + at, bvec.bv_len);
		}
		kunmap_local(page);
		at += bvec.bv_len;
	}
	if (dev->memory)
		spin_unlock(&dev->lock);
	return BLK_STS_OK;
}

static blk_status_t cnullb_queue_rq(struct blk_mq_hw_ctx *hctx,
				    const struct blk_mq_queue_data *bd)
{
	struct request *rq = bd->rq;

	blk_mq_start_request(rq);
	blk_mq_end_request(rq, cnullb_serve(rq->q->queuedata, rq));
	return BLK_STS_OK;
}

static const struct blk_mq_ops cnullb_mq_ops = {
	.queue_rq = cnullb_queue_rq,
};

static const struct block_device_operations cnullb_fops = {
	.owner = THIS_MODULE,
};

int cnullb_init(void);
int cnullb_init(void)
{
	struct queue_limits lim = {
		.logical_block_size = 512,
		.physical_block_size = 512,
	};
	struct gendisk *disk;
	int err;

	cnullb_dev.sectors = CNULLB_MIB * 2048;
	cnullb_dev.memory = vzalloc(CNULLB_MIB << 20);
	if (!cnullb_dev.memory)
		return -ENOMEM;
	spin_lock_init(&cnullb_dev.lock);

	cnullb_set.ops = &cnullb_mq_ops;
	cnullb_set.nr_hw_queues = 1;
	cnullb_set.queue_depth = 64;
	cnullb_set.numa_node = -1;
	err = blk_mq_alloc_tag_set(&cnullb_set);
	if (err)
		goto free_memory;

	disk = blk_mq_alloc_disk(&cnullb_set, &lim, &cnullb_dev);
	if (IS_ERR(disk)) {
		err = PTR_ERR(disk);
		goto free_tags;
	}
	__builtin_memcpy(disk->disk_name, "cnullb0", sizeof("cnullb0"));
	disk->fops = &cnullb_fops;
	set_capacity(disk, cnullb_dev.sectors);
	err = add_disk(disk);
	if (err) {
		put_disk(disk);
		goto free_tags;
	}
	cnullb_disk = disk;
	return 0;

free_tags:
	blk_mq_free_tag_set(&cnullb_set);
free_memory:
	vfree(cnullb_dev.memory);
	return err;
}

void cnullb_exit(void);
void cnullb_exit(void)
{
	del_gendisk(cnullb_disk);
	put_disk(cnullb_disk);
	blk_mq_free_tag_set(&cnullb_set);
	vfree(cnullb_dev.memory);
}
