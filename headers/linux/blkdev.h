/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/blkdev.h>: disks, their queues and the limits a driver sets.
 */
#ifndef _LINUX_BLKDEV_H
#define _LINUX_BLKDEV_H

#include <linux/types.h>
#include <linux/blk_types.h>
#include <linux/device.h>

struct attribute_group;
struct backing_dev_info;
struct blk_mq_ops;
struct block_device;
struct gendisk;
struct module;
struct request_queue;

#define DISK_NAME_LEN			32

typedef unsigned int __bitwise blk_features_t;
typedef unsigned int __bitwise blk_flags_t;
typedef unsigned int __bitwise blk_mode_t;

/* How a block device is opened (blk_mode_t bits). */
#define BLK_OPEN_READ		((__force blk_mode_t)(1 << 0))
#define BLK_OPEN_WRITE		((__force blk_mode_t)(1 << 1))

/**
 * struct queue_limits - what the device accepts; the driver fills these before the disk
 * is allocated
 * @features: BLK_FEAT_* capabilities
 * @flags: BLK_FLAG_* settings
 * @seg_boundary_mask: a segment may not cross a boundary of this mask
 * @virt_boundary_mask: gaps between segments must align to this mask
 * @max_hw_sectors: largest request the hardware takes, in sectors
 * @max_dev_sectors: largest request the device takes, in sectors
 * @chunk_sectors: requests never cross a multiple of this, if non-zero
 * @max_sectors: largest request the block layer builds
 * @max_user_sectors: the cap the user set on @max_sectors
 * @max_segment_size: largest segment, in bytes
 * @physical_block_size: the device's internal block size, in bytes
 * @logical_block_size: the smallest addressable unit, in bytes: 512..PAGE_SIZE, a power of two
 * @alignment_offset: how far the first aligned block is from sector 0
 * @io_min: the smallest I/O without a penalty, in bytes
 * @io_opt: the preferred I/O size, in bytes
 * @max_discard_sectors: largest discard
 * @max_hw_discard_sectors: largest discard the hardware takes
 * @max_user_discard_sectors: the cap the user set on discards
 * @max_secure_erase_sectors: largest secure erase
 * @max_write_zeroes_sectors: largest write-zeroes
 * @max_zone_append_sectors: largest zone append
 * @discard_granularity: discard unit, in bytes
 * @discard_alignment: offset of the first discard unit
 * @zone_write_granularity: write unit of zoned devices
 * @max_segments: most segments in a request
 * @max_integrity_segments: most integrity segments in a request
 * @max_discard_segments: most ranges in a discard
 * @max_open_zones: most zones open at once
 * @max_active_zones: most zones active at once
 * @dma_alignment: required alignment of memory buffers, as a mask
 * @dma_pad_mask: required padding of buffer lengths, as a mask
 */
struct queue_limits {
	blk_features_t		features;
	blk_flags_t		flags;
	unsigned long		seg_boundary_mask;
	unsigned long		virt_boundary_mask;

	unsigned int		max_hw_sectors;
	unsigned int		max_dev_sectors;
	unsigned int		chunk_sectors;
	unsigned int		max_sectors;
	unsigned int		max_user_sectors;
	unsigned int		max_segment_size;
	unsigned int		physical_block_size;
	unsigned int		logical_block_size;
	unsigned int		alignment_offset;
	unsigned int		io_min;
	unsigned int		io_opt;
	unsigned int		max_discard_sectors;
	unsigned int		max_hw_discard_sectors;
	unsigned int		max_user_discard_sectors;
	unsigned int		max_secure_erase_sectors;
	unsigned int		max_write_zeroes_sectors;
	unsigned int		max_zone_append_sectors;
	unsigned int		discard_granularity;
	unsigned int		discard_alignment;
	unsigned int		zone_write_granularity;

	unsigned short		max_segments;
	unsigned short		max_integrity_segments;
	unsigned short		max_discard_segments;

	unsigned int		max_open_zones;
	unsigned int		max_active_zones;

	unsigned int		dma_alignment;
	unsigned int		dma_pad_mask;
};

/**
 * struct request_queue - the I/O queue of a disk
 * @queuedata: the driver's per-queue data, given to blk_mq_alloc_disk()
 * @mq_ops: the driver's blk-mq callbacks
 * @queue_flags: QUEUE_FLAG_* state bits
 * @limits: the limits in force
 */
struct request_queue {
	void			*queuedata;
	const struct blk_mq_ops	*mq_ops;
	unsigned long		queue_flags;
	struct queue_limits	limits;
};

/**
 * struct block_device_operations - the driver's callbacks for opening and controlling a disk
 * @submit_bio: take a bio, for drivers that bypass blk-mq
 * @open: a user opened the disk; 0 or -errno
 * @release: the last user closed it
 * @ioctl: a device-specific ioctl; 0 or -errno
 * @check_events: report DISK_EVENT_* bits
 * @set_read_only: the read-only flag is about to change
 * @free_disk: the gendisk is being freed
 * @owner: the module providing the callbacks
 */
struct block_device_operations {
	void (*submit_bio)(struct bio *bio);
	int (*open)(struct gendisk *disk, blk_mode_t mode);
	void (*release)(struct gendisk *disk);
	int (*ioctl)(struct block_device *bdev, blk_mode_t mode,
			unsigned cmd, unsigned long arg);
	unsigned int (*check_events) (struct gendisk *disk,
				      unsigned int clearing);
	int (*set_read_only)(struct block_device *bdev, bool ro);
	void (*free_disk)(struct gendisk *disk);
	struct module *owner;
};

/**
 * struct gendisk - a disk as the block layer and user space see it
 * @major: the device major number
 * @first_minor: the first minor number
 * @minors: how many minors it uses (1: no partitions)
 * @disk_name: the name under /dev and /sys/block
 * @events: DISK_EVENT_* the disk reports
 * @event_flags: DISK_EVENT_FLAG_* settings
 * @part0: the block device of the whole disk
 * @fops: the driver's callbacks
 * @queue: the disk's request queue
 * @private_data: the driver's per-disk data
 * @flags: GENHD_FL_* settings
 * @state: GD_* state bits
 * @open_partitions: how many partitions are open
 * @bdi: the backing device info
 */
struct gendisk {
	int major;
	int first_minor;
	int minors;

	char disk_name[DISK_NAME_LEN];

	unsigned short events;
	unsigned short event_flags;

	struct block_device *part0;

	const struct block_device_operations *fops;
	struct request_queue *queue;
	void *private_data;

	int flags;
	unsigned long state;
	unsigned open_partitions;

	struct backing_dev_info	*bdi;
};

/**
 * device_add_disk - make a disk visible: register it and scan its partitions
 * @parent: the parent device, or NULL
 * @disk: the disk, fully set up
 * @groups: extra sysfs attribute groups, or NULL
 *
 * Return: 0 or -errno; on error the disk must still be put with put_disk().
 */
int __must_check device_add_disk(struct device *parent, struct gendisk *disk,
				 const struct attribute_group **groups);

/**
 * add_disk - make a disk without a parent visible
 * @disk: the disk, fully set up
 *
 * Return: 0 or -errno.
 */
static inline int __must_check add_disk(struct gendisk *disk)
{
	return device_add_disk(NULL, disk, NULL);
}

/**
 * del_gendisk - remove a disk added with add_disk(); waits for I/O in flight
 * @gp: the disk
 */
void del_gendisk(struct gendisk *gp);

/**
 * put_disk - drop the reference from disk allocation; frees the disk when it is the last
 * @disk: the disk, or NULL
 */
void put_disk(struct gendisk *disk);

/**
 * set_capacity - set the size of a disk without notifying user space
 * @disk: the disk
 * @size: the size in 512-byte sectors
 */
void set_capacity(struct gendisk *disk, sector_t size);

/**
 * errno_to_blk_status - the block status for a negative errno
 * @errno: 0 or a negative errno
 *
 * Return: BLK_STS_OK for 0, the matching BLK_STS_* otherwise (BLK_STS_IOERR when none
 * matches).
 */
blk_status_t errno_to_blk_status(int errno);

/**
 * blk_status_to_errno - the negative errno for a block status
 * @status: a BLK_STS_* value
 *
 * Return: 0 for BLK_STS_OK, a negative errno otherwise.
 */
int blk_status_to_errno(blk_status_t status);

#endif /* _LINUX_BLKDEV_H */
