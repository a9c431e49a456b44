/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/blk-mq.h>: the multi-queue block layer as a driver sees it.
 *
 * A driver describes its hardware queues in a blk_mq_tag_set, allocates a disk over it
 * and receives requests through blk_mq_ops.queue_rq. Each request carries a driver area
 * of tag_set.cmd_size bytes right behind it (the PDU).
 */
#ifndef BLK_MQ_H
#define BLK_MQ_H

#include <linux/types.h>
#include <linux/blkdev.h>
#include <linux/bio.h>
#include <linux/lockdep_types.h>

struct blk_mq_ctx;
struct blk_mq_hw_ctx;
struct blk_mq_tags;
struct io_comp_batch;
struct request;
struct rq_list;
struct seq_file;

typedef __u32 __bitwise req_flags_t;

/**
 * enum rq_end_io_ret - what an end_io callback did with the request
 * @RQ_END_IO_NONE: the block layer frees it
 * @RQ_END_IO_FREE: the callback already freed it
 */
enum rq_end_io_ret {
	RQ_END_IO_NONE,
	RQ_END_IO_FREE,
};

typedef enum rq_end_io_ret (rq_end_io_fn)(struct request *, blk_status_t);

/**
 * enum mq_rq_state - where a request is in its life
 * @MQ_RQ_IDLE: allocated, not started
 * @MQ_RQ_IN_FLIGHT: started by blk_mq_start_request()
 * @MQ_RQ_COMPLETE: completed
 */
enum mq_rq_state {
	MQ_RQ_IDLE		= 0,
	MQ_RQ_IN_FLIGHT		= 1,
	MQ_RQ_COMPLETE		= 2,
};

/**
 * struct request - one I/O request dispatched to a driver
 * @q: the queue it belongs to
 * @mq_ctx: the software queue it came from
 * @mq_hctx: the hardware queue it was dispatched on
 * @cmd_flags: operation and flags
 * @rq_flags: RQF_* state bits
 * @tag: the request's tag, unique in its hardware queue
 * @internal_tag: the scheduler's tag
 * @timeout: timeout in jiffies
 * @__data_len: bytes left in the whole request; use blk_rq_bytes()
 * @__sector: the sector cursor; use blk_rq_pos()
 * @bio: the first bio
 * @biotail: the last bio
 * @part: the block device (partition) it targets
 * @start_time_ns: when it was allocated
 * @io_start_time_ns: when it was started
 * @stats_sectors: sectors counted in the disk statistics
 * @nr_phys_segments: number of physical segments
 * @nr_integrity_segments: number of integrity segments
 * @state: MQ_RQ_* life-cycle state
 * @ref: reference count
 * @deadline: when it times out, in jiffies
 * @fifo_time: when it expires in the scheduler
 * @end_io: completion callback for passthrough requests
 * @end_io_data: data for @end_io
 */
struct request {
	struct request_queue *q;
	struct blk_mq_ctx *mq_ctx;
	struct blk_mq_hw_ctx *mq_hctx;

	blk_opf_t cmd_flags;
	req_flags_t rq_flags;

	int tag;
	int internal_tag;

	unsigned int timeout;

	unsigned int __data_len;
	sector_t __sector;

	struct bio *bio;
	struct bio *biotail;

	union {
		struct list_head queuelist;
		struct request *rq_next;
	};

	struct block_device *part;
	u64 start_time_ns;
	u64 io_start_time_ns;

	unsigned short stats_sectors;
	unsigned short nr_phys_segments;
	unsigned short nr_integrity_segments;

	enum mq_rq_state state;
	atomic_t ref;

	unsigned long deadline;

	u64 fifo_time;

	rq_end_io_fn *end_io;
	void *end_io_data;
};

/**
 * req_op - the operation of a request
 * @req: the request
 *
 * Return: the REQ_OP_* value, without flags.
 */
static inline enum req_op req_op(const struct request *req)
{
	return req->cmd_flags & REQ_OP_MASK;
}

/**
 * struct blk_mq_hw_ctx - one hardware queue
 * @flags: BLK_MQ_F_* flags of the tag set
 * @queue: the request queue it serves
 * @driver_data: the driver's per-hardware-queue data, set in init_hctx
 * @tags: the tags of this queue
 * @numa_node: the NUMA node the queue is local to
 * @queue_num: the index of this queue in the request queue
 */
struct blk_mq_hw_ctx {
	unsigned long		flags;
	struct request_queue	*queue;
	void			*driver_data;
	struct blk_mq_tags	*tags;
	unsigned int		numa_node;
	unsigned int		queue_num;
};

/**
 * struct blk_mq_queue_map - which CPUs submit to which hardware queue
 * @mq_map: the hardware queue of each CPU
 * @nr_queues: how many hardware queues this map spreads over
 * @queue_offset: the first of them
 */
struct blk_mq_queue_map {
	unsigned int *mq_map;
	unsigned int nr_queues;
	unsigned int queue_offset;
};

/**
 * enum hctx_type - kinds of hardware queue
 * @HCTX_TYPE_DEFAULT: all I/O not otherwise placed
 * @HCTX_TYPE_READ: reads only
 * @HCTX_TYPE_POLL: polled I/O
 * @HCTX_MAX_TYPES: how many kinds there are
 */
enum hctx_type {
	HCTX_TYPE_DEFAULT,
	HCTX_TYPE_READ,
	HCTX_TYPE_POLL,

	HCTX_MAX_TYPES,
};

/**
 * struct blk_mq_tag_set - the hardware queues and tags shared by a driver's disks
 * @ops: the driver's callbacks
 * @map: the CPU-to-queue maps
 * @nr_maps: how many entries of @map are used
 * @nr_hw_queues: number of hardware queues
 * @queue_depth: tags (requests in flight) per hardware queue
 * @reserved_tags: tags kept for internal requests
 * @cmd_size: bytes of driver data (PDU) behind each request
 * @numa_node: where to allocate the requests
 * @timeout: request timeout in jiffies; 0 for the default
 * @flags: BLK_MQ_F_* flags
 * @driver_data: the driver's data, seen in init_hctx
 * @tags: the tags of each hardware queue
 * @shared_tags: tags shared by all hardware queues
 * @tag_list: the request queues using this set
 */
struct blk_mq_tag_set {
	const struct blk_mq_ops	*ops;
	struct blk_mq_queue_map	map[HCTX_MAX_TYPES];
	unsigned int		nr_maps;
	unsigned int		nr_hw_queues;
	unsigned int		queue_depth;
	unsigned int		reserved_tags;
	unsigned int		cmd_size;
	int			numa_node;
	unsigned int		timeout;
	unsigned int		flags;
	void			*driver_data;

	struct blk_mq_tags	**tags;

	struct blk_mq_tags	*shared_tags;

	struct list_head	tag_list;
};

/**
 * struct blk_mq_queue_data - what queue_rq receives
 * @rq: the request
 * @last: this is the last request of the batch; otherwise commit_rqs follows
 */
struct blk_mq_queue_data {
	struct request *rq;
	bool last;
};

/**
 * enum blk_eh_timer_return - what a timeout callback decided
 * @BLK_EH_DONE: the driver completed the request or will
 * @BLK_EH_RESET_TIMER: give the request more time
 */
enum blk_eh_timer_return {
	BLK_EH_DONE,
	BLK_EH_RESET_TIMER,
};

/**
 * struct blk_mq_ops - the callbacks a blk-mq driver provides
 * @queue_rq: start a request on the hardware; BLK_STS_OK once it is the driver's
 * @commit_rqs: kick the hardware after queue_rq calls that were not the last
 * @queue_rqs: take a whole list of requests at once
 * @get_budget: reserve device capacity before a request is dequeued
 * @put_budget: give back a budget that was not used
 * @set_rq_budget_token: remember a request's budget token
 * @get_rq_budget_token: the budget token of a request
 * @timeout: a request ran out of time
 * @poll: look for completions on a polled queue; the number found
 * @complete: finish a request after blk_mq_complete_request()
 * @init_hctx: set up a hardware queue; 0 or -errno
 * @exit_hctx: tear a hardware queue down
 * @init_request: set up the PDU of a newly allocated request; 0 or -errno
 * @exit_request: tear a request's PDU down
 * @cleanup_rq: release driver resources of a request that is requeued
 * @busy: whether the device is too busy to take more I/O
 * @map_queues: fill the tag set's CPU-to-queue maps
 * @show_rq: print driver state of a request to debugfs
 */
struct blk_mq_ops {
	blk_status_t (*queue_rq)(struct blk_mq_hw_ctx *,
				 const struct blk_mq_queue_data *);
	void (*commit_rqs)(struct blk_mq_hw_ctx *);
	void (*queue_rqs)(struct rq_list *rqlist);
	int (*get_budget)(struct request_queue *);
	void (*put_budget)(struct request_queue *, int);
	void (*set_rq_budget_token)(struct request *, int);
	int (*get_rq_budget_token)(struct request *);
	enum blk_eh_timer_return (*timeout)(struct request *);
	int (*poll)(struct blk_mq_hw_ctx *, struct io_comp_batch *);
	void (*complete)(struct request *);
	int (*init_hctx)(struct blk_mq_hw_ctx *, void *, unsigned int);
	void (*exit_hctx)(struct blk_mq_hw_ctx *, unsigned int);
	int (*init_request)(struct blk_mq_tag_set *set, struct request *,
			    unsigned int, unsigned int);
	void (*exit_request)(struct blk_mq_tag_set *set, struct request *,
			     unsigned int);
	void (*cleanup_rq)(struct request *);
	bool (*busy)(struct request_queue *);
	void (*map_queues)(struct blk_mq_tag_set *set);
	void (*show_rq)(struct seq_file *m, struct request *rq);
};

/* blk_mq_tag_set.flags bits. */
enum {
	BLK_MQ_F_SHOULD_MERGE	= 1 << 0,
	BLK_MQ_F_TAG_QUEUE_SHARED = 1 << 1,
	BLK_MQ_F_STACKING	= 1 << 2,
	BLK_MQ_F_TAG_HCTX_SHARED = 1 << 3,
	BLK_MQ_F_BLOCKING	= 1 << 4,
	BLK_MQ_F_NO_SCHED	= 1 << 5,
	BLK_MQ_F_NO_SCHED_BY_DEFAULT	= 1 << 6,
};

#define BLK_MQ_MAX_DEPTH	(10240)

/**
 * __blk_mq_alloc_disk - allocate a disk and its request queue over a tag set
 * @set: an allocated tag set
 * @lim: the queue limits, or NULL for defaults
 * @queuedata: the driver's per-queue data
 * @lkclass: lockdep class of the queue
 *
 * Return: the disk, or ERR_PTR(-errno).
 */
struct gendisk *__blk_mq_alloc_disk(struct blk_mq_tag_set *set,
		struct queue_limits *lim, void *queuedata,
		struct lock_class_key *lkclass);
#define blk_mq_alloc_disk(set, lim, queuedata)				\
({									\
	static struct lock_class_key __key;				\
									\
	__blk_mq_alloc_disk(set, lim, queuedata, &__key);		\
})

/**
 * blk_mq_alloc_tag_set - allocate the tags and requests a filled-in tag set describes
 * @set: the tag set
 *
 * Return: 0 or -errno.
 */
int blk_mq_alloc_tag_set(struct blk_mq_tag_set *set);

/**
 * blk_mq_free_tag_set - free what blk_mq_alloc_tag_set() allocated
 * @set: the tag set, no longer used by any queue
 */
void blk_mq_free_tag_set(struct blk_mq_tag_set *set);

/**
 * blk_mq_start_request - tell the block layer the driver starts a request
 * @rq: the request
 */
void blk_mq_start_request(struct request *rq);

/**
 * blk_mq_end_request - complete a whole request
 * @rq: the request
 * @error: BLK_STS_OK or the failure
 */
void blk_mq_end_request(struct request *rq, blk_status_t error);

/**
 * blk_mq_complete_request - complete a request through the complete callback
 * @rq: the request
 */
void blk_mq_complete_request(struct request *rq);

/**
 * blk_mq_requeue_request - give a started request back to be dispatched again
 * @rq: the request
 * @kick_requeue_list: run the requeue list now
 */
void blk_mq_requeue_request(struct request *rq, bool kick_requeue_list);

/**
 * blk_mq_rq_from_pdu - the request a PDU belongs to
 * @pdu: the driver area of a request
 *
 * Return: the request.
 */
static inline struct request *blk_mq_rq_from_pdu(void *pdu)
{
	return pdu - sizeof(struct request);
}

/**
 * blk_mq_rq_to_pdu - the driver area of a request
 * @rq: the request
 *
 * Return: the tag_set.cmd_size bytes placed right behind @rq.
 */
static inline void *blk_mq_rq_to_pdu(struct request *rq)
{
	return rq + 1;
}

/**
 * struct req_iterator - cursor over the segments of a request
 * @iter: position inside the current bio
 * @bio: the current bio
 */
struct req_iterator {
	struct bvec_iter iter;
	struct bio *bio;
};

#define __rq_for_each_bio(_bio, rq)	\
	if ((rq->bio))			\
		for (_bio = (rq)->bio; _bio; _bio = _bio->bi_next)

/* Loop over every page-sized segment of every bio of a request. */
#define rq_for_each_segment(bvl, _rq, _iter)			\
	__rq_for_each_bio(_iter.bio, _rq)			\
		bio_for_each_segment(bvl, _iter.bio, _iter.iter)

/**
 * blk_rq_pos - the sector a request starts at
 * @rq: the request
 *
 * Return: the sector, in 512-byte units.
 */
static inline sector_t blk_rq_pos(const struct request *rq)
{
	return rq->__sector;
}

/**
 * blk_rq_bytes - bytes left in a request
 * @rq: the request
 *
 * Return: the length in bytes.
 */
static inline unsigned int blk_rq_bytes(const struct request *rq)
{
	return rq->__data_len;
}

/**
 * blk_rq_sectors - sectors left in a request
 * @rq: the request
 *
 * Return: the length in 512-byte sectors.
 */
static inline unsigned int blk_rq_sectors(const struct request *rq)
{
	return blk_rq_bytes(rq) >> SECTOR_SHIFT;
}

/**
 * blk_mq_rq_state - where a request is in its life
 * @rq: the request
 *
 * Return: its &enum mq_rq_state.
 */
static inline enum mq_rq_state blk_mq_rq_state(struct request *rq)
{
	return *(const volatile enum mq_rq_state *)&rq->state;
}

/**
 * blk_mq_request_started - whether blk_mq_start_request() ran for a request
 * @rq: the request
 *
 * Return: nonzero once it left %MQ_RQ_IDLE.
 */
static inline int blk_mq_request_started(struct request *rq)
{
	return blk_mq_rq_state(rq) != MQ_RQ_IDLE;
}

#endif /* BLK_MQ_H */
