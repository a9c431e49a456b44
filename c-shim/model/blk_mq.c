// SPDX-License-Identifier: GPL-2.0
/*
 * Model of blk-mq as a driver observes it: tag sets with one request (and its PDU) per
 * tag, disks over a tag set with validated queue limits, dispatch to queue_rq with no
 * lock held (submitters run queue_rq in parallel, on one hardware queue too), request
 * life-cycle checks, and a test API that submits an I/O over pages and waits for its
 * completion. rq->q is set when a request is dispatched and never cleared: NULL in
 * init_request, possibly a freed queue in exit_request, as in block/blk-mq.c.
 */
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "model.h"

int kbridge_model_check_node(int node);

#define MODEL_PAGE_SIZE 4096u

/* One hardware queue's tags: a request per tag, and which tags are taken. */
struct blk_mq_tags {
	unsigned int depth;
	struct request **rqs;
	unsigned char *busy;
	int lock;
};

/* The queue behind a disk, with what the model keeps beside the kernel's fields. */
struct model_queue {
	struct request_queue q;
	struct blk_mq_tag_set *set;
	struct blk_mq_hw_ctx *hctxs;
	unsigned int nr_hctx;
};

struct model_disk {
	struct gendisk disk;
	struct model_queue *queue;
	sector_t capacity;
	int refs;		/* the driver's, plus one per opener (the device's refcount) */
	int added;
	int ever_added;		/* GD_ADDED: disk_release() calls free_disk only then */
	int openers;
	long inflight;
	struct model_disk *next;
};

static struct model_disk *added_disks;
/* The lockdep class the last __blk_mq_alloc_disk() call was given (tests check it). */
static struct lock_class_key *last_lock_class;
static int disks_lock;
static struct model_disk *to_model(struct gendisk *disk)
{
	return (struct model_disk *)disk;
}

/* --- status codes --------------------------------------------------------------- */

static const struct {
	int errno_value;
	blk_status_t status;
} status_table[] = {
	{ -EOPNOTSUPP, BLK_STS_NOTSUPP }, { -ETIMEDOUT, BLK_STS_TIMEOUT },
	{ -ENOSPC, BLK_STS_NOSPC }, { -ENOLINK, BLK_STS_TRANSPORT },
	{ -EREMOTEIO, BLK_STS_TARGET }, { -EBADE, BLK_STS_RESV_CONFLICT },
	{ -ENODATA, BLK_STS_MEDIUM }, { -EILSEQ, BLK_STS_PROTECTION },
	{ -ENOMEM, BLK_STS_RESOURCE }, { -EBUSY, BLK_STS_DEV_RESOURCE },
	{ -EAGAIN, BLK_STS_AGAIN }, { -ENODEV, BLK_STS_OFFLINE },
	{ -EINVAL, BLK_STS_INVAL }, { -EIO, BLK_STS_IOERR },
};

blk_status_t errno_to_blk_status(int errno_value)
{
	unsigned long i;

	if (!errno_value)
		return BLK_STS_OK;
	for (i = 0; i < sizeof(status_table) / sizeof(status_table[0]); i++)
		if (status_table[i].errno_value == errno_value)
			return status_table[i].status;
	return BLK_STS_IOERR;
}

int blk_status_to_errno(blk_status_t status)
{
	unsigned long i;

	if (status == BLK_STS_OK)
		return 0;
	for (i = 0; i < sizeof(status_table) / sizeof(status_table[0]); i++)
		if (status_table[i].status == status)
			return status_table[i].errno_value;
	return -EIO;
}

/* --- tag sets -------------------------------------------------------------------- */

static void free_tags(struct blk_mq_tag_set *set, unsigned int hctx_idx)
{
	struct blk_mq_tags *tags = set->tags[hctx_idx];
	unsigned int i;

	if (!tags)
		return;
	for (i = 0; i < tags->depth; i++) {
		if (!tags->rqs[i])
			continue;
		if (set->ops->exit_request)
			set->ops->exit_request(set, tags->rqs[i], hctx_idx);
		kfree(tags->rqs[i]);
	}
	kfree(tags->rqs);
	kfree(tags->busy);
	kfree(tags);
	set->tags[hctx_idx] = 0;
}

static int alloc_tags(struct blk_mq_tag_set *set, unsigned int hctx_idx)
{
	struct blk_mq_tags *tags = kzalloc(sizeof(*tags), GFP_KERNEL);
	unsigned int i;

	if (!tags)
		return -ENOMEM;
	set->tags[hctx_idx] = tags;
	tags->rqs = kzalloc(sizeof(*tags->rqs) * set->queue_depth, GFP_KERNEL);
	tags->busy = kzalloc(set->queue_depth, GFP_KERNEL);
	if (!tags->rqs || !tags->busy) {
		free_tags(set, hctx_idx);
		return -ENOMEM;
	}
	tags->depth = set->queue_depth;
	for (i = 0; i < tags->depth; i++) {
		struct request *rq = kzalloc(sizeof(*rq) + set->cmd_size, GFP_KERNEL);
		int err;

		if (!rq) {
			free_tags(set, hctx_idx);
			return -ENOMEM;
		}
		rq->tag = (int)i;
		if (set->ops->init_request) {
			err = set->ops->init_request(set, rq, hctx_idx, (unsigned int)set->numa_node);
			if (err) {
				kfree(rq);
				free_tags(set, hctx_idx);
				return err;
			}
		}
		tags->rqs[i] = rq;
	}
	return 0;
}

int blk_mq_alloc_tag_set(struct blk_mq_tag_set *set)
{
	unsigned int i;
	int err;

	if (!set->ops || !set->ops->queue_rq || !set->nr_hw_queues || !set->queue_depth)
		return -EINVAL;
	/* Linux checks neither numa_node nor flags: the requests are allocated on the node. */
	if (kbridge_model_check_node(set->numa_node))
		return -EINVAL;
	if (set->flags & BLK_MQ_F_TAG_QUEUE_SHARED)
		model_error("tag set flags with BLK_MQ_F_TAG_QUEUE_SHARED, which blk-mq sets and clears itself");
	if (set->queue_depth > BLK_MQ_MAX_DEPTH)
		set->queue_depth = BLK_MQ_MAX_DEPTH;
	set->tags = kzalloc(sizeof(*set->tags) * set->nr_hw_queues, GFP_KERNEL);
	if (!set->tags)
		return -ENOMEM;
	for (i = 0; i < set->nr_hw_queues; i++) {
		err = alloc_tags(set, i);
		if (err) {
			while (i--)
				free_tags(set, i);
			kfree(set->tags);
			set->tags = 0;
			return err;
		}
	}
	return 0;
}

void blk_mq_free_tag_set(struct blk_mq_tag_set *set)
{
	unsigned int i;

	if (!set->tags)
		return;
	for (i = 0; i < set->nr_hw_queues; i++)
		free_tags(set, i);
	kfree(set->tags);
	set->tags = 0;
}

/* --- disks ----------------------------------------------------------------------- */

static int validate_limits(struct queue_limits *lim)
{
	if (!lim->logical_block_size)
		lim->logical_block_size = 512;
	if (lim->logical_block_size < 512 || lim->logical_block_size > MODEL_PAGE_SIZE ||
	    (lim->logical_block_size & (lim->logical_block_size - 1)))
		return -EINVAL;
	if (!lim->physical_block_size)
		lim->physical_block_size = lim->logical_block_size;
	if (lim->physical_block_size < lim->logical_block_size ||
	    (lim->physical_block_size & (lim->physical_block_size - 1)))
		return -EINVAL;
	if (!lim->max_hw_sectors)
		lim->max_hw_sectors = 255;
	return 0;
}

/*
 * blk_mq_exit_queue(): the hardware queues are torn down while the tag set is still
 * there: by del_gendisk() for a disk that was added, by disk_release() for one that
 * never was. The queue's memory stays until the disk is released.
 */
static void exit_queue(struct model_queue *mq)
{
	unsigned int i;

	for (i = 0; mq->hctxs && i < mq->nr_hctx; i++)
		if (mq->hctxs[i].driver_data && mq->set->ops->exit_hctx)
			mq->set->ops->exit_hctx(&mq->hctxs[i], i);
	mq->set = 0;
}

static void free_queue(struct model_queue *mq)
{
	if (mq->set)
		exit_queue(mq);
	kfree(mq->hctxs);
	kfree(mq);
}

struct gendisk *__blk_mq_alloc_disk(struct blk_mq_tag_set *set, struct queue_limits *lim,
				    void *queuedata, struct lock_class_key *lkclass)
{
	struct queue_limits limits = {0};
	struct model_queue *mq;
	struct model_disk *md;
	unsigned int i;
	int err;

	__atomic_store_n(&last_lock_class, lkclass, __ATOMIC_SEQ_CST);
	if (!set->tags)
		return ERR_PTR(-EINVAL);
	if (lim)
		limits = *lim;
	err = validate_limits(&limits);
	if (err)
		return ERR_PTR(err);
	mq = kzalloc(sizeof(*mq), GFP_KERNEL);
	if (!mq)
		return ERR_PTR(-ENOMEM);
	mq->set = set;
	mq->nr_hctx = set->nr_hw_queues;
	mq->q.queuedata = queuedata;
	mq->q.mq_ops = set->ops;
	mq->q.limits = limits;
	mq->hctxs = kzalloc(sizeof(*mq->hctxs) * mq->nr_hctx, GFP_KERNEL);
	if (!mq->hctxs) {
		free_queue(mq);
		return ERR_PTR(-ENOMEM);
	}
	for (i = 0; i < mq->nr_hctx; i++) {
		mq->hctxs[i].queue = &mq->q;
		mq->hctxs[i].tags = set->tags[i];
		mq->hctxs[i].queue_num = i;
		mq->hctxs[i].flags = set->flags;
		if (set->ops->init_hctx) {
			err = set->ops->init_hctx(&mq->hctxs[i], set->driver_data, i);
			if (err) {
				free_queue(mq);
				return ERR_PTR(err);
			}
		}
	}
	md = kzalloc(sizeof(*md), GFP_KERNEL);
	if (!md) {
		free_queue(mq);
		return ERR_PTR(-ENOMEM);
	}
	md->queue = mq;
	md->refs = 1;
	md->disk.queue = &mq->q;
	md->disk.minors = 1;
	return &md->disk;
}

void set_capacity(struct gendisk *disk, sector_t size)
{
	to_model(disk)->capacity = size;
}

/* The added disk named @name (at most DISK_NAME_LEN bytes), or NULL; disks_lock held. */
static struct model_disk *added_named(const char *name)
{
	struct model_disk *d;
	unsigned int i;

	for (d = added_disks; d; d = d->next) {
		for (i = 0; i < DISK_NAME_LEN && d->disk.disk_name[i] == name[i] && name[i]; i++)
			;
		if (i == DISK_NAME_LEN || d->disk.disk_name[i] == name[i])
			return d;
	}
	return 0;
}

int device_add_disk(struct device *parent, struct gendisk *disk,
		    const struct attribute_group **groups)
{
	struct model_disk *md = to_model(disk);

	(void)parent;
	(void)groups;
	if (md->added) {
		model_error("device_add_disk on a disk already added");
		return -EINVAL;
	}
	if (!disk->disk_name[0])
		return -EINVAL;
	model_lock(&disks_lock);
	if (added_named(disk->disk_name)) {
		model_unlock(&disks_lock);
		return -EEXIST;
	}
	md->added = 1;
	md->ever_added = 1;
	md->next = added_disks;
	added_disks = md;
	model_unlock(&disks_lock);
	return 0;
}

void del_gendisk(struct gendisk *gp)
{
	struct model_disk *md = to_model(gp), **link;

	if (!md->added) {
		model_error("del_gendisk on a disk that was not added");
		return;
	}
	/* Wait for I/O in flight, as the kernel freezes the queue. */
	while (__atomic_load_n(&md->inflight, __ATOMIC_ACQUIRE))
		;
	model_lock(&disks_lock);
	for (link = &added_disks; *link; link = &(*link)->next)
		if (*link == md) {
			*link = md->next;
			break;
		}
	md->added = 0;
	model_unlock(&disks_lock);
	/* Openers are not waited for: they keep the disk, and close it later. */
	exit_queue(md->queue);
}

/*
 * disk_release() (block/genhd.c), when the last reference goes: free_disk for a disk
 * that was added, then the memory. fops is not read after free_disk.
 */
static void release_disk(struct model_disk *md)
{
	const struct block_device_operations *fops = md->disk.fops;

	if (md->ever_added && fops && fops->free_disk)
		fops->free_disk(&md->disk);
	free_queue(md->queue);
	kfree(md);
}

static void put_ref(struct model_disk *md)
{
	if (!__atomic_sub_fetch(&md->refs, 1, __ATOMIC_ACQ_REL))
		release_disk(md);
}

void put_disk(struct gendisk *disk)
{
	struct model_disk *md = to_model(disk);

	if (!disk)
		return;
	if (md->added)
		model_error("put_disk of a disk still added (del_gendisk first)");
	put_ref(md);
}

/*
 * bdev_open() (block/bdev.c) of the whole disk: a reference on the disk, -ENXIO unless
 * it is live, then a reference on the module that owns its fops, then fops->open.
 */
int kbridge_model_disk_open(struct gendisk *disk)
{
	struct model_disk *md = to_model(disk);
	struct module *owner;
	int err;

	__atomic_add_fetch(&md->refs, 1, __ATOMIC_ACQ_REL);
	if (!__atomic_load_n(&md->added, __ATOMIC_ACQUIRE)) {
		put_ref(md);
		return -ENXIO;
	}
	owner = disk->fops->owner;
	if (!try_module_get(owner)) {
		put_ref(md);
		return -ENXIO;
	}
	err = disk->fops->open ? disk->fops->open(disk, BLK_OPEN_READ | BLK_OPEN_WRITE) : 0;
	if (err) {
		module_put(owner);
		put_ref(md);
		return err;
	}
	__atomic_add_fetch(&md->openers, 1, __ATOMIC_ACQ_REL);
	return 0;
}

/*
 * bdev_release(): fops->release, then module_put(fops->owner), then the reference on
 * the disk, which may be the last (the driver deleted and put it while it was open).
 */
void kbridge_model_disk_close(struct gendisk *disk)
{
	struct model_disk *md = to_model(disk);

	if (__atomic_sub_fetch(&md->openers, 1, __ATOMIC_ACQ_REL) < 0) {
		model_error("close of a disk nobody opened");
		return;
	}
	if (disk->fops->release)
		disk->fops->release(disk);
	module_put(disk->fops->owner);
	put_ref(md);
}

struct lock_class_key *kbridge_model_last_lock_class(void)
{
	return __atomic_load_n(&last_lock_class, __ATOMIC_SEQ_CST);
}

int kbridge_model_disk_count(void)
{
	struct model_disk *d;
	int n = 0;

	model_lock(&disks_lock);
	for (d = added_disks; d; d = d->next)
		n++;
	model_unlock(&disks_lock);
	return n;
}

/* The added disk named @name, or NULL. */
struct gendisk *kbridge_model_find_disk(const char *name)
{
	struct model_disk *d;

	model_lock(&disks_lock);
	d = added_named(name);
	model_unlock(&disks_lock);
	return d ? &d->disk : 0;
}

unsigned int kbridge_model_disk_hw_queues(struct gendisk *disk)
{
	return to_model(disk)->queue->nr_hctx;
}

sector_t kbridge_model_disk_capacity(struct gendisk *disk)
{
	return to_model(disk)->capacity;
}

/* --- requests -------------------------------------------------------------------- */

void blk_mq_start_request(struct request *rq)
{
	if (rq->state != MQ_RQ_IDLE)
		model_error("blk_mq_start_request of request %d in state %d", rq->tag, rq->state);
	rq->state = MQ_RQ_IN_FLIGHT;
}

/* The status is kept in end_io_data, which model requests do not otherwise use. */
void blk_mq_end_request(struct request *rq, blk_status_t error)
{
	if (__atomic_load_n(&rq->state, __ATOMIC_ACQUIRE) == MQ_RQ_COMPLETE) {
		model_error("request %d ended twice", rq->tag);
		return;
	}
	rq->end_io_data = (void *)(unsigned long)error;
	__atomic_store_n(&rq->state, MQ_RQ_COMPLETE, __ATOMIC_RELEASE);
}

/*
 * As block/blk-mq.c: ->complete is called without a NULL check (here directly; in Linux
 * from this function or from blk_complete_reqs() on the CPU the request came from).
 */
void blk_mq_complete_request(struct request *rq)
{
	rq->q->mq_ops->complete(rq);
}

void blk_mq_requeue_request(struct request *rq, bool kick_requeue_list)
{
	(void)kick_requeue_list;
	rq->rq_flags |= 1u << 31;	/* model-private: dispatch again */
	__atomic_store_n(&rq->state, MQ_RQ_IDLE, __ATOMIC_RELEASE);
}

/* --- test API: one synchronous I/O ----------------------------------------------- */

static struct request *get_tag(struct blk_mq_tags *tags)
{
	struct request *rq = 0;
	unsigned int i;

	model_lock(&tags->lock);
	for (i = 0; i < tags->depth && !rq; i++)
		if (!tags->busy[i]) {
			tags->busy[i] = 1;
			rq = tags->rqs[i];
		}
	model_unlock(&tags->lock);
	return rq;
}

static void put_tag(struct blk_mq_tags *tags, struct request *rq)
{
	model_lock(&tags->lock);
	tags->busy[rq->tag] = 0;
	model_unlock(&tags->lock);
}

/* Tags a test holds, as if that many requests were in flight (busy value 2). */
#define HELD_BY_TEST 2

/* Takes up to @count free tags of hardware queue @hctx_idx; returns how many it took. */
int kbridge_model_hold_tags(struct gendisk *disk, unsigned int hctx_idx, unsigned int count)
{
	struct model_queue *mq = to_model(disk)->queue;
	struct blk_mq_tags *tags;
	unsigned int i;
	int held = 0;

	if (hctx_idx >= mq->nr_hctx)
		return -EINVAL;
	tags = mq->hctxs[hctx_idx].tags;
	model_lock(&tags->lock);
	for (i = 0; i < tags->depth && (unsigned int)held < count; i++)
		if (!tags->busy[i]) {
			tags->busy[i] = HELD_BY_TEST;
			held++;
		}
	model_unlock(&tags->lock);
	return held;
}

/* Gives back every tag of @hctx_idx that kbridge_model_hold_tags() took. */
void kbridge_model_release_tags(struct gendisk *disk, unsigned int hctx_idx)
{
	struct model_queue *mq = to_model(disk)->queue;
	struct blk_mq_tags *tags;
	unsigned int i;

	if (hctx_idx >= mq->nr_hctx)
		return;
	tags = mq->hctxs[hctx_idx].tags;
	model_lock(&tags->lock);
	for (i = 0; i < tags->depth; i++)
		if (tags->busy[i] == HELD_BY_TEST)
			tags->busy[i] = 0;
	model_unlock(&tags->lock);
}

/*
 * Submits @op over @len bytes at @sector on hardware queue @hctx_idx and waits for the
 * driver to end it. Data moves through freshly allocated pages (so the driver sees
 * page-bounded segments, starting @offset bytes into the first page). Returns the
 * request's status as an errno, or -EAGAIN when every tag is taken (what a REQ_NOWAIT
 * submission gets from blk-mq).
 */
/*
 * Every queue_rq call goes through here, never inlined: the benchmarks count the
 * instructions of one request's dispatch with callgrind (--toggle-collect on this name).
 */
__attribute__((noinline)) blk_status_t kbridge_model_queue_rq(const struct blk_mq_ops *ops,
		struct blk_mq_hw_ctx *hctx, const struct blk_mq_queue_data *bd);
__attribute__((noinline)) blk_status_t kbridge_model_queue_rq(const struct blk_mq_ops *ops,
		struct blk_mq_hw_ctx *hctx, const struct blk_mq_queue_data *bd)
{
	return ops->queue_rq(hctx, bd);
}

/*
 * blk_lld_busy() (block/blk-core.c): dm-multipath asks each path's queue, through the
 * device it holds open, whether it is busy. Nothing checks that the disk is still live:
 * after del_gendisk() and put_disk() the queue lives on while an opener holds the disk,
 * with mq_ops unchanged.
 */
int kbridge_model_lld_busy(struct gendisk *disk)
{
	struct request_queue *q = disk->queue;

	if (q->mq_ops && q->mq_ops->busy)
		return q->mq_ops->busy(q);
	return 0;
}

/* How often queue_rq answered BLK_STS_RESOURCE or BLK_STS_DEV_RESOURCE. */
static unsigned long model_busy_returns;

unsigned long kbridge_model_busy_returns(void)
{
	return __atomic_load_n(&model_busy_returns, __ATOMIC_RELAXED);
}

int kbridge_model_blk_io(struct gendisk *disk, unsigned int hctx_idx, unsigned int op,
			 sector_t sector, void *buf, unsigned int len, unsigned int offset)
{
	struct model_disk *md = to_model(disk);
	struct model_queue *mq = md->queue;
	unsigned int pages = (offset + len + MODEL_PAGE_SIZE - 1) / MODEL_PAGE_SIZE, i;
	struct blk_mq_hw_ctx *hctx;
	struct blk_mq_queue_data bd;
	struct page *page_array;
	struct bio_vec *vecs;
	unsigned char *memory;
	struct bio bio = {0};
	struct request *rq;
	blk_status_t status;

	if (!md->added || hctx_idx >= mq->nr_hctx || offset >= MODEL_PAGE_SIZE)
		return -EINVAL;
	hctx = &mq->hctxs[hctx_idx];
	rq = get_tag(hctx->tags);
	if (!rq)
		return -EAGAIN;
	memory = malloc((pages ? pages : 1) * MODEL_PAGE_SIZE);
	page_array = calloc(pages ? pages : 1, sizeof(*page_array));
	vecs = calloc(pages ? pages : 1, sizeof(*vecs));
	if (!memory || !page_array || !vecs) {
		free(memory);
		free(page_array);
		free(vecs);
		put_tag(hctx->tags, rq);
		return -ENOMEM;
	}
	for (i = 0; i < pages; i++)
		page_array[i].virtual = memory + i * MODEL_PAGE_SIZE;
	/* One bio_vec spanning every page: the iterator cuts it at page boundaries. */
	vecs[0].bv_page = page_array;
	vecs[0].bv_offset = offset;
	vecs[0].bv_len = len;
	if (op == REQ_OP_WRITE && len)
		memcpy(memory + offset, buf, len);
	bio.bi_opf = op;
	bio.bi_io_vec = vecs;
	bio.bi_vcnt = len ? 1 : 0;
	bio.bi_iter.bi_sector = sector;
	bio.bi_iter.bi_size = len;

	__atomic_add_fetch(&md->inflight, 1, __ATOMIC_ACQ_REL);
	for (;;) {
		rq->q = &mq->q;
		rq->mq_hctx = hctx;
		rq->cmd_flags = op;
		rq->rq_flags = 0;
		rq->__sector = sector;
		rq->__data_len = len;
		rq->bio = len ? &bio : 0;
		rq->biotail = rq->bio;
		rq->end_io_data = 0;
		bio.bi_iter.bi_sector = sector;
		bio.bi_iter.bi_size = len;
		bio.bi_iter.bi_idx = 0;
		bio.bi_iter.bi_bvec_done = 0;
		__atomic_store_n(&rq->state, MQ_RQ_IDLE, __ATOMIC_RELEASE);
		bd.rq = rq;
		bd.last = true;
		/* No lock: blk-mq runs queue_rq for one hardware queue on several CPUs at once. */
		status = kbridge_model_queue_rq(mq->set->ops, hctx, &bd);
		if (status == BLK_STS_RESOURCE || status == BLK_STS_DEV_RESOURCE) {
			/*
			 * blk_mq_dispatch_rq_list() / blk_mq_try_issue_directly(): the driver
			 * is out of resources; the request goes back on the dispatch list,
			 * un-started by __blk_mq_requeue_request(), and the queue runs again
			 * later. A request the driver ended cannot come back (blk-mq would
			 * reuse a freed tag).
			 */
			if (__atomic_load_n(&rq->state, __ATOMIC_ACQUIRE) == MQ_RQ_COMPLETE)
				model_error("queue_rq returned %d for a request it ended", status);
			__atomic_add_fetch(&model_busy_returns, 1, __ATOMIC_RELAXED);
			continue;
		}
		if (status != BLK_STS_OK) {
			/* The driver refused it: blk-mq ends it with that status. */
			if (__atomic_load_n(&rq->state, __ATOMIC_ACQUIRE) == MQ_RQ_COMPLETE)
				model_error("queue_rq returned %d for a request it ended", status);
			break;
		}
		while (__atomic_load_n(&rq->state, __ATOMIC_ACQUIRE) != MQ_RQ_COMPLETE &&
		       !(__atomic_load_n(&rq->rq_flags, __ATOMIC_ACQUIRE) & (1u << 31)))
			;
		if (rq->state == MQ_RQ_COMPLETE) {
			status = (blk_status_t)(unsigned long)rq->end_io_data;
			break;
		}
	}
	__atomic_sub_fetch(&md->inflight, 1, __ATOMIC_ACQ_REL);
	if (op == REQ_OP_READ && status == BLK_STS_OK && len)
		memcpy(buf, memory + offset, len);
	rq->state = MQ_RQ_IDLE;
	rq->bio = 0;
	put_tag(hctx->tags, rq);
	free(memory);
	free(page_array);
	free(vecs);
	return blk_status_to_errno(status);
}
