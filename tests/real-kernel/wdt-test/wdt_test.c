// SPDX-License-Identifier: GPL-2.0
/*
 * wdt-test: checks a watchdog driver through the Linux watchdog API, from user space,
 * in the real-kernel tier's VM. Built static on the host and put in the initramfs.
 *
 *   wdt-test (-d N | -i IDENTITY) [-t SECONDS] [-T SECONDS] [-e [-m SECONDS] [-l TEXT]] [-L] [-u]
 *
 * It opens /dev/watchdogN (N given, or found through /sys/class/watchdog/<dev>/identity)
 * and checks what Linux 6.12's watchdog core (drivers/watchdog/watchdog_dev.c) promises
 * for a driver that claims WDIOF_KEEPALIVEPING, WDIOF_SETTIMEOUT and WDIOF_MAGICCLOSE:
 * open starts it and is exclusive; a write and WDIOC_KEEPALIVE ping it; WDIOC_SETTIMEOUT
 * refuses values outside [min_timeout, max_timeout] with EINVAL and otherwise writes the
 * new timeout back, as WDIOC_GETTIMEOUT and sysfs then read; WDIOC_GETTIMELEFT falls
 * between pings (or is EOPNOTSUPP, the core's answer for a driver without get_timeleft);
 * WDIOS_DISABLECARD/ENABLECARD stop and start it (EBUSY under nowayout); with -e it lets
 * the watchdog expire and looks for the driver's message in the kernel log (at KERN_CRIT,
 * timed from the last ping by the kernel's own timestamps: the program logs a mark through
 * /dev/kmsg right after that ping); a write of 'V' before close stops it. With -u, the
 * parent device is then unbound from its driver while the watchdog is open and running
 * (the driver's remove under an open file): the open file gets ENODEV, no expiry may
 * follow, and the device bound again gives a watchdog that works.
 *
 * Every check prints one line, "kbridge-wdt: ok|FAIL|skip <check>: <what was seen>", and
 * the last line is "kbridge-wdt: PASS ..." or "kbridge-wdt: FAIL ..."; the exit status
 * is 0 only for PASS.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/watchdog.h>

#define TAG "kbridge-wdt: "
#define CLASS_DIR "/sys/class/watchdog"
#define KERN_CRIT_LEVEL 2
#define PING_MARK TAG "the last ping before the expiry"

static unsigned int checks, failures, skips;

static void say(const char *verdict, const char *check, const char *fmt, va_list ap)
{
	printf(TAG "%-4s %s: ", verdict, check);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
}

static bool verdict(bool good, const char *check, const char *fmt, ...)
{
	va_list ap;

	checks++;
	if (!good)
		failures++;
	va_start(ap, fmt);
	say(good ? "ok" : "FAIL", check, fmt, ap);
	va_end(ap);
	return good;
}

static void skipped(const char *check, const char *fmt, ...)
{
	va_list ap;

	skips++;
	va_start(ap, fmt);
	say("skip", check, fmt, ap);
	va_end(ap);
}

/* The error a call left, as "EINVAL (Invalid argument)", or "0" for success. */
static const char *outcome(int err)
{
	static char text[96];

	if (!err)
		return "0";
	snprintf(text, sizeof(text), "%s (%s)", strerrorname_np(err) ?: "?", strerror(err));
	return text;
}

static void sleep_for(double seconds)
{
	struct timespec ts = { .tv_sec = (time_t)seconds };

	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --- sysfs: /sys/class/watchdog/watchdogN/<attr> ------------------------------------ */

static int wdt_index = -1;

/* Reads the attribute without its newline; 0 or -errno. */
static int attr_text(const char *attr, char *buf, size_t size)
{
	char path[128];
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), CLASS_DIR "/watchdog%d/%s", wdt_index, attr);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	len = read(fd, buf, size - 1);
	if (len < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	close(fd);
	buf[len] = '\0';
	if (len > 0 && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	return 0;
}

/* The attribute as an unsigned number, or -1 if it cannot be read. */
static long long attr_number(const char *attr)
{
	char buf[64], *end;
	unsigned long long value;

	if (attr_text(attr, buf, sizeof(buf)))
		return -1;
	errno = 0;
	value = strtoull(buf, &end, 0);
	if (errno || end == buf || *end)
		return -1;
	return (long long)value;
}

static const char *attr_state(void)
{
	static char state[32];

	if (attr_text("state", state, sizeof(state)))
		snprintf(state, sizeof(state), "(unreadable)");
	return state;
}

/* The N of the one watchdog whose identity is `identity`, or -1 (reported). */
static int find_by_identity(const char *identity)
{
	DIR *dir = opendir(CLASS_DIR);
	struct dirent *entry;
	int found = -1, matches = 0, n;
	char seen[512] = "";

	if (!dir) {
		verdict(false, "find", "cannot list " CLASS_DIR ": %s", strerror(errno));
		return -1;
	}
	while ((entry = readdir(dir))) {
		char name[64];

		if (sscanf(entry->d_name, "watchdog%d", &n) != 1)
			continue;
		wdt_index = n;
		if (attr_text("identity", name, sizeof(name)))
			continue;
		snprintf(seen + strlen(seen), sizeof(seen) - strlen(seen), "%s%s=\"%s\"",
			 *seen ? ", " : "", entry->d_name, name);
		if (!strcmp(name, identity)) {
			found = n;
			matches++;
		}
	}
	closedir(dir);
	wdt_index = -1;
	if (matches != 1) {
		verdict(false, "find", "%d watchdogs have identity \"%s\" (present: %s)", matches,
			identity, *seen ? seen : "none");
		return -1;
	}
	verdict(true, "find", "identity \"%s\" is watchdog%d", identity, found);
	return found;
}

/* --- the kernel log, read through /dev/kmsg --------------------------------------------- */

struct record {
	int level;
	double seconds; /* the kernel's timestamp */
	char *text;
};

static int kmsg_fd = -1;
static struct record *records;
static size_t nrecords;

/* Opens /dev/kmsg at its end: only what is logged from now on is read. */
static void kmsg_open(void)
{
	kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (kmsg_fd >= 0)
		lseek(kmsg_fd, 0, SEEK_END);
}

/* Appends the records logged since the last call to `records`. */
static void kmsg_read(void)
{
	char buf[8192];

	while (kmsg_fd >= 0) {
		ssize_t len = read(kmsg_fd, buf, sizeof(buf) - 1);
		char *text, *end;
		struct record *grown;
		unsigned long long seq, usec;
		int prefix;

		if (len < 0 && errno == EPIPE)
			continue; /* records were overwritten before we read them */
		if (len <= 0)
			break;
		buf[len] = '\0';
		/* "<facility*8 + level>,<seq>,<usec>,<flags>[,...];<text>\n[ continuation]" */
		text = strchr(buf, ';');
		if (!text || sscanf(buf, "%d,%llu,%llu", &prefix, &seq, &usec) != 3)
			continue;
		text++;
		end = strchr(text, '\n');
		if (end)
			*end = '\0';
		grown = realloc(records, (nrecords + 1) * sizeof(*records));
		if (!grown)
			break;
		records = grown;
		records[nrecords].level = prefix & 7;
		records[nrecords].seconds = (double)usec / 1e6;
		records[nrecords].text = strdup(text);
		if (records[nrecords].text)
			nrecords++;
	}
}

/* The first record from index `from` on that contains `text`, or NULL. */
static const struct record *kmsg_find(size_t from, const char *text)
{
	kmsg_read();
	for (size_t i = from; i < nrecords; i++)
		if (strstr(records[i].text, text))
			return &records[i];
	return NULL;
}

/*
 * Logs `text` through /dev/kmsg: a record with the kernel's own timestamp, to time what
 * the kernel logs later against. 0 or the errno.
 */
static int kmsg_write(const char *text)
{
	char line[256];
	int fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return errno;
	snprintf(line, sizeof(line), "<6>%s\n", text);
	if (write(fd, line, strlen(line)) < 0)
		err = errno;
	close(fd);
	return err;
}

/* --- the device ------------------------------------------------------------------------- */

static int wdt_fd = -1;

/* ioctl on the open device with an int argument: 0 or the errno. */
static int wdt_ioctl(unsigned long request, int *value)
{
	return ioctl(wdt_fd, request, value) < 0 ? errno : 0;
}

/* A keepalive by write(2) of one byte other than 'V': 0 or the errno. */
static int wdt_write(const char *bytes)
{
	ssize_t len = write(wdt_fd, bytes, strlen(bytes));

	if (len < 0)
		return errno;
	return len == (ssize_t)strlen(bytes) ? 0 : EIO;
}

static const char *option_names(unsigned int options)
{
	static const struct {
		unsigned int bit;
		const char *name;
	} known[] = {
		{ WDIOF_OVERHEAT, "OVERHEAT" },	    { WDIOF_FANFAULT, "FANFAULT" },
		{ WDIOF_EXTERN1, "EXTERN1" },	    { WDIOF_EXTERN2, "EXTERN2" },
		{ WDIOF_POWERUNDER, "POWERUNDER" }, { WDIOF_CARDRESET, "CARDRESET" },
		{ WDIOF_POWEROVER, "POWEROVER" },   { WDIOF_SETTIMEOUT, "SETTIMEOUT" },
		{ WDIOF_MAGICCLOSE, "MAGICCLOSE" }, { WDIOF_PRETIMEOUT, "PRETIMEOUT" },
		{ WDIOF_ALARMONLY, "ALARMONLY" },   { WDIOF_KEEPALIVEPING, "KEEPALIVEPING" },
	};
	static char names[256];
	size_t used = 0;

	names[0] = '\0';
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (options & known[i].bit)
			used += snprintf(names + used, sizeof(names) - used, "%s%s",
					 used ? "|" : "", known[i].name);
	return used ? names : "none";
}

/* Sets the timeout and checks the answer, WDIOC_GETTIMEOUT and sysfs. */
static bool set_timeout(const char *check, int seconds)
{
	int value = seconds, err, readback = -1;
	long long in_sysfs;

	err = wdt_ioctl(WDIOC_SETTIMEOUT, &value);
	if (err)
		return verdict(false, check, "WDIOC_SETTIMEOUT %d -> %s", seconds, outcome(err));
	if (!verdict(value == seconds, check, "WDIOC_SETTIMEOUT %d -> 0, wrote back %d", seconds,
		     value))
		return false;
	err = wdt_ioctl(WDIOC_GETTIMEOUT, &readback);
	in_sysfs = attr_number("timeout");
	return verdict(!err && readback == seconds && in_sysfs == seconds, check,
		       "WDIOC_GETTIMEOUT -> %s, %d; sysfs timeout %lld", outcome(err), readback,
		       in_sysfs);
}

/* Reads the time left: 0 or the errno. */
static int time_left(int *seconds)
{
	*seconds = -1;
	return wdt_ioctl(WDIOC_GETTIMELEFT, seconds);
}

/* --- the parent device: unbound from its driver while the watchdog is open ------------- */

/* Writes `text` to sysfs file `dir`/`file`: 0 or the errno. */
static int sysfs_write(const char *dir, const char *file, const char *text)
{
	char path[PATH_MAX + 64];
	int fd, err = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	if (write(fd, text, strlen(text)) < 0)
		err = errno;
	close(fd);
	return err;
}

/* The sysfs directory of watchdog `n`'s parent device (resolved), or -errno. */
static int parent_dir(int n, char *dir)
{
	char link[128];

	snprintf(link, sizeof(link), CLASS_DIR "/watchdog%d/device", n);
	return realpath(link, dir) ? 0 : -errno;
}

/* The watchdog whose parent device is `dir`, or -1. */
static int watchdog_of(const char *dir)
{
	DIR *class = opendir(CLASS_DIR);
	struct dirent *entry;
	char parent[PATH_MAX];
	int n, found = -1;

	while (class && (entry = readdir(class)))
		if (sscanf(entry->d_name, "watchdog%d", &n) == 1 && !parent_dir(n, parent) &&
		    !strcmp(parent, dir))
			found = n;
	if (class)
		closedir(class);
	return found;
}

/*
 * The driver's remove while the device is open: the watchdog's parent device is unbound
 * from its driver with /dev/watchdogN open and running. The core then answers ENODEV on
 * the open file; nothing of the driver may run after it: with `expire` the test waits
 * timeout + margin and the expiry line must not come. Then the device is bound again
 * and the watchdog that comes back must open, ping and close with the magic character.
 */
static void unbind_while_open(int timeout, int margin, bool expire, const char *expiry_text)
{
	char device[PATH_MAX], driver[PATH_MAX], link[PATH_MAX + 16], path[64], *name;
	int fd, err, value, back;
	size_t mark;

	if (parent_dir(wdt_index, device)) {
		skipped("unbind", "watchdog%d has no parent device", wdt_index);
		return;
	}
	snprintf(link, sizeof(link), "%s/driver", device);
	if (!realpath(link, driver)) {
		skipped("unbind", "%s has no driver", device);
		return;
	}
	name = strrchr(device, '/') + 1;
	snprintf(path, sizeof(path), "/dev/watchdog%d", wdt_index);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (!verdict(fd >= 0 && !strcmp(attr_state(), "active"), "unbind: open", "%s -> %s, state=%s",
		     path, outcome(fd >= 0 ? 0 : errno), attr_state()))
		return;
	err = sysfs_write(driver, "unbind", name);
	snprintf(link, sizeof(link), CLASS_DIR "/watchdog%d", wdt_index);
	verdict(!err && access(link, F_OK) < 0, "unbind while open",
		"%s from %s -> %s; %s %s", name, driver, outcome(err), link,
		access(link, F_OK) < 0 ? "gone" : "still there");
	err = write(fd, "k", 1) < 0 ? errno : 0;
	verdict(err == ENODEV, "write after unbind", "write(\"k\") -> %s", outcome(err));
	value = -1;
	err = ioctl(fd, WDIOC_GETTIMEOUT, &value) < 0 ? errno : 0;
	verdict(err == ENODEV, "ioctl after unbind", "WDIOC_GETTIMEOUT -> %s", outcome(err));
	kmsg_read();
	mark = nrecords;
	err = close(fd) < 0 ? errno : 0;
	verdict(!err, "close after unbind", "close -> %s", outcome(err));
	if (expire && expiry_text) {
		sleep_for(timeout + margin);
		verdict(!kmsg_find(mark, expiry_text), "no expiry after unbind",
			"%d s after the close (timeout %d s), %s", timeout + margin, timeout,
			kmsg_find(mark, expiry_text) ? "the expiry line came" : "no expiry line");
	}

	err = sysfs_write(driver, "bind", name);
	back = watchdog_of(device);
	if (!verdict(!err && back >= 0, "bind again", "%s to %s -> %s, watchdog%d", name, driver,
		     outcome(err), back))
		return;
	wdt_index = back;
	snprintf(path, sizeof(path), "/dev/watchdog%d", back);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	err = fd < 0 ? errno : write(fd, "V", 1) < 0 ? errno : 0;
	if (fd >= 0 && close(fd) < 0 && !err)
		err = errno;
	verdict(!err && !strcmp(attr_state(), "inactive"), "bound again",
		"%s: open, write(\"V\"), close -> %s, state=%s", path, outcome(err), attr_state());
}

static void usage(const char *self)
{
	fprintf(stderr,
		"usage: %s (-d N | -i IDENTITY) [-t SECONDS] [-T SECONDS] [-e [-m SECONDS] [-l TEXT]] [-L] [-u]\n"
		"  -d N         test /dev/watchdogN\n"
		"  -i IDENTITY  test the watchdog whose /sys/class/watchdog/*/identity is IDENTITY\n"
		"  -t SECONDS   the timeout to set, read back and (with -e) expire (default 2)\n"
		"  -T SECONDS   the timeout while the time left is watched falling (default 6)\n"
		"  -e           let it expire: no ping for timeout + margin seconds\n"
		"  -m SECONDS   the margin of -e (default 2)\n"
		"  -l TEXT      after the expiry, the kernel log must have a KERN_CRIT line with TEXT\n"
		"  -L           WDIOC_GETTIMELEFT must be implemented (default: EOPNOTSUPP is a skip)\n"
		"  -u           at the end, unbind the parent device from its driver while the\n"
		"               watchdog is open (with -e -l: no expiry may follow), then bind it again\n",
		self);
	exit(2);
}

/* The decimal number `arg`, at least `least`; anything else is a usage error. */
static int number(const char *arg, long least, const char *self)
{
	char *end;
	long value;

	errno = 0;
	value = strtol(arg, &end, 10);
	if (errno || end == arg || *end || value < least || value > INT_MAX / 2)
		usage(self);
	return (int)value;
}

int main(int argc, char **argv)
{
	const char *identity = NULL, *expiry_text = NULL;
	int timeout = 2, long_timeout = 6, margin = 2, opt, err, value;
	bool expire = false, need_timeleft = false, has_timeleft = false, nowayout = false;
	bool unbind = false;
	long long min_timeout = -1, max_timeout = -1, initial_timeout = -1;
	char path[64], text[64];
	struct watchdog_info info;

	while ((opt = getopt(argc, argv, "d:i:t:T:em:l:Lu")) != -1) {
		switch (opt) {
		case 'd':
			wdt_index = number(optarg, 0, argv[0]);
			break;
		case 'i':
			identity = optarg;
			break;
		case 't':
			timeout = number(optarg, 1, argv[0]);
			break;
		case 'T':
			long_timeout = number(optarg, 1, argv[0]);
			break;
		case 'e':
			expire = true;
			break;
		case 'm':
			margin = number(optarg, 1, argv[0]);
			break;
		case 'l':
			expiry_text = optarg;
			break;
		case 'L':
			need_timeleft = true;
			break;
		case 'u':
			unbind = true;
			break;
		default:
			usage(argv[0]);
		}
	}
	if (optind != argc || (wdt_index < 0) == !identity)
		usage(argv[0]);
	setvbuf(stdout, NULL, _IOLBF, 0);
	kmsg_open();

	/* -- which watchdog, and its state before the open -- */
	if (identity) {
		wdt_index = find_by_identity(identity);
		if (wdt_index < 0)
			goto done;
	}
	min_timeout = attr_number("min_timeout");
	max_timeout = attr_number("max_timeout");
	initial_timeout = attr_number("timeout");
	nowayout = attr_number("nowayout") == 1;
	verdict(!strcmp(attr_state(), "inactive") && min_timeout >= 0 && max_timeout >= 0,
		"sysfs", "watchdog%d state=%s timeout=%lld min_timeout=%lld max_timeout=%lld nowayout=%d",
		wdt_index, attr_state(), initial_timeout, min_timeout, max_timeout, nowayout);

	/* -- open starts the watchdog; the device is single-open -- */
	snprintf(path, sizeof(path), "/dev/watchdog%d", wdt_index);
	wdt_fd = open(path, O_WRONLY | O_CLOEXEC);
	if (!verdict(wdt_fd >= 0, "open", "%s -> %s, state=%s", path,
		     outcome(wdt_fd >= 0 ? 0 : errno), attr_state()))
		goto done;
	verdict(!strcmp(attr_state(), "active"), "open starts", "state=%s after the open",
		attr_state());
	{
		int second = open(path, O_WRONLY | O_CLOEXEC);

		err = second < 0 ? errno : 0;
		verdict(err == EBUSY, "single open", "a second open -> %s", outcome(err));
		if (second >= 0) {
			/* Not expected: stop it with the magic character before closing. */
			if (write(second, "V", 1) < 0)
				perror("write");
			close(second);
		}
	}

	/* -- what the driver says it supports -- */
	memset(&info, 0, sizeof(info));
	err = ioctl(wdt_fd, WDIOC_GETSUPPORT, &info) < 0 ? errno : 0;
	memcpy(text, info.identity, sizeof(info.identity));
	text[sizeof(info.identity)] = '\0';
	{
		char in_sysfs[64] = "";
		const unsigned int needed = WDIOF_KEEPALIVEPING | WDIOF_SETTIMEOUT | WDIOF_MAGICCLOSE;

		attr_text("identity", in_sysfs, sizeof(in_sysfs));
		verdict(!err && !strcmp(text, in_sysfs) && (!identity || !strcmp(text, identity)) &&
				(info.options & needed) == needed &&
				attr_number("options") == info.options,
			"getsupport", "WDIOC_GETSUPPORT -> %s, identity=\"%s\" options=0x%x (%s) firmware_version=%u",
			outcome(err), text, info.options, option_names(info.options),
			info.firmware_version);
	}

	value = -1;
	err = wdt_ioctl(WDIOC_GETTIMEOUT, &value);
	verdict(!err && value == initial_timeout && value > 0, "gettimeout",
		"WDIOC_GETTIMEOUT -> %s, %d s (sysfs: %lld)", outcome(err), value, initial_timeout);

	/* -- pings -- */
	err = wdt_write("k");
	verdict(!err, "ping by write", "write(\"k\") -> %s", outcome(err));
	value = 0;
	err = wdt_ioctl(WDIOC_KEEPALIVE, &value);
	verdict(!err, "keepalive", "WDIOC_KEEPALIVE -> %s", outcome(err));
	value = 0;
	err = wdt_ioctl(WDIOC_GETSTATUS, &value);
	verdict(!err && (value & WDIOF_KEEPALIVEPING), "getstatus",
		"WDIOC_GETSTATUS after a ping -> %s, 0x%x (%s)", outcome(err), (unsigned int)value,
		option_names((unsigned int)value));

	/* -- the timeout: out of bounds is refused and changes nothing; in bounds is taken -- */
	{
		int rejected[2], nrejected = 0;

		if (min_timeout > 0)
			rejected[nrejected++] = (int)min_timeout - 1;
		if (max_timeout > 0 && max_timeout < UINT_MAX / 1000)
			rejected[nrejected++] = (int)max_timeout + 1;
		for (int i = 0; i < nrejected; i++) {
			int asked = rejected[i];

			value = asked;
			err = wdt_ioctl(WDIOC_SETTIMEOUT, &value);
			verdict(err == EINVAL && attr_number("timeout") == initial_timeout,
				"settimeout bounds", "WDIOC_SETTIMEOUT %d (outside [%lld, %lld]) -> %s, timeout still %lld",
				asked, min_timeout, max_timeout, outcome(err), attr_number("timeout"));
		}
	}
	set_timeout("settimeout", timeout);

	/* -- the time left falls between pings and a ping restores it -- */
	{
		int t1, t2, t3, lt = long_timeout;

		if (min_timeout > 0 && lt < min_timeout)
			lt = (int)min_timeout;
		if (max_timeout > 0 && lt > max_timeout)
			lt = (int)max_timeout;
		err = time_left(&t1);
		if (err == EOPNOTSUPP) {
			bool hidden = attr_number("timeleft") < 0;

			if (need_timeleft)
				verdict(false, "gettimeleft", "WDIOC_GETTIMELEFT -> %s, required by -L",
					outcome(err));
			else if (hidden)
				skipped("gettimeleft",
					"WDIOC_GETTIMELEFT -> %s: the driver has no get_timeleft (sysfs timeleft hidden too)",
					outcome(err));
			else
				verdict(false, "gettimeleft",
					"WDIOC_GETTIMELEFT -> %s but sysfs shows timeleft", outcome(err));
		} else if (!verdict(!err && t1 >= 0 && t1 <= timeout, "gettimeleft",
				    "WDIOC_GETTIMELEFT -> %s, %d s (timeout %d s)", outcome(err), t1,
				    timeout)) {
			/* reported */
		} else if (lt >= 3 && set_timeout("settimeout for timeleft", lt)) {
			has_timeleft = true;
			wdt_write("k");
			time_left(&t1);
			sleep_for(2.2);
			err = time_left(&t2);
			verdict(!err && t1 >= lt - 1 && t1 <= lt && t2 < t1 && t2 >= lt - 4,
				"timeleft falls", "timeout %d s: %d s left after a ping, %d s left 2.2 s later (%s)",
				lt, t1, t2, outcome(err));
			value = (int)attr_number("timeleft");
			verdict(value == t2 || value == t2 - 1, "sysfs timeleft", "%d s (ioctl said %d s)",
				value, t2);
			wdt_write("k");
			err = time_left(&t3);
			verdict(!err && t3 > t2 && t3 >= lt - 1, "ping re-arms", "%d s left after a ping (%s)",
				t3, outcome(err));
			set_timeout("settimeout back", timeout);
		} else {
			has_timeleft = true;
			skipped("timeleft falls", "the timeout must reach 3 s for this (max_timeout %lld)",
				max_timeout);
		}
	}

	/* -- expiry: no ping for timeout + margin seconds -- */
	if (expire) {
		size_t mark;
		double start;

		kmsg_read();
		if (expiry_text && kmsg_find(0, expiry_text))
			verdict(false, "expiry", "the kernel logged \"%s\" before the pings stopped",
				expiry_text);
		mark = nrecords;
		wdt_write("k");
		start = now();
		err = expiry_text ? kmsg_write(PING_MARK) : 0;
		if (err)
			verdict(false, "expiry", "cannot write to /dev/kmsg: %s", outcome(err));
		printf(TAG "     expiry: timeout %d s, no ping for %d s\n", timeout, timeout + margin);
		sleep_for(timeout + margin);
		if (expiry_text) {
			const struct record *line = kmsg_find(mark, expiry_text);
			const struct record *ping = kmsg_find(mark, PING_MARK);

			if (line) {
				verdict(line->level == KERN_CRIT_LEVEL, "expiry",
					"after %.1f s the kernel log has \"%s\" at level %d (KERN_CRIT is %d)",
					now() - start, line->text, line->level, KERN_CRIT_LEVEL);
				/* The mark is logged just after the last ping. */
				if (ping)
					verdict(line->seconds - ping->seconds >= timeout - 0.25 &&
							line->seconds - ping->seconds <= timeout + 1.0,
						"expiry time",
						"logged %.3f s after the last ping (timeout %d s; kernel timestamps)",
						line->seconds - ping->seconds, timeout);
			} else
				verdict(false, "expiry", "after %.1f s no kernel log line has \"%s\"",
					now() - start, expiry_text);
		}
		if (has_timeleft) {
			err = time_left(&value);
			verdict(!err && value == 0, "expiry timeleft", "WDIOC_GETTIMELEFT -> %s, %d s",
				outcome(err), value);
		}
		if (!expiry_text && !has_timeleft)
			skipped("expiry", "nothing to observe: no -l and no WDIOC_GETTIMELEFT");
		err = wdt_write("k");
		verdict(!err && !strcmp(attr_state(), "active"), "ping after expiry",
			"write -> %s, state=%s", outcome(err), attr_state());
		if (has_timeleft) {
			err = time_left(&value);
			verdict(!err && value >= timeout - 1, "ping after expiry re-arms",
				"%d s left (%s)", value, outcome(err));
		}
	}

	/* -- WDIOC_SETOPTIONS stops and starts it (nowayout: stopping is refused) -- */
	value = WDIOS_DISABLECARD;
	err = wdt_ioctl(WDIOC_SETOPTIONS, &value);
	if (nowayout)
		verdict(err == EBUSY && !strcmp(attr_state(), "active"), "disablecard",
			"WDIOS_DISABLECARD under nowayout -> %s, state=%s", outcome(err), attr_state());
	else
		verdict(!err && !strcmp(attr_state(), "inactive"), "disablecard",
			"WDIOS_DISABLECARD -> %s, state=%s", outcome(err), attr_state());
	value = WDIOS_ENABLECARD;
	err = wdt_ioctl(WDIOC_SETOPTIONS, &value);
	verdict(!err && !strcmp(attr_state(), "active"), "enablecard",
		"WDIOS_ENABLECARD -> %s, state=%s", outcome(err), attr_state());

done:
	/* -- magic close: 'V', then close, stops it -- */
	if (wdt_fd >= 0) {
		size_t mark;

		kmsg_read();
		mark = nrecords;
		err = wdt_write("V");
		verdict(!err, "magic close", "write(\"V\") -> %s", outcome(err));
		err = close(wdt_fd) < 0 ? errno : 0;
		wdt_fd = -1;
		if (nowayout)
			verdict(!err && !strcmp(attr_state(), "active"), "close",
				"close -> %s, state=%s (nowayout keeps it running)", outcome(err),
				attr_state());
		else
			verdict(!err && !strcmp(attr_state(), "inactive") &&
					!kmsg_find(mark, "did not stop"),
				"close", "close -> %s, state=%s, %s", outcome(err), attr_state(),
				kmsg_find(mark, "did not stop") ? "the kernel logged \"did not stop\"" :
								  "no \"did not stop\" logged");
		if (unbind && nowayout)
			skipped("unbind", "nowayout: the watchdog cannot be stopped for it");
		else if (unbind)
			unbind_while_open(timeout, margin, expire, expiry_text);
	}
	snprintf(path, sizeof(path), wdt_index < 0 ? "no watchdog" : "/dev/watchdog%d", wdt_index);
	if (failures)
		printf(TAG "FAIL: %u of %u checks failed (%s)\n", failures, checks, path);
	else
		printf(TAG "PASS: %u checks passed, %u skipped (%s)\n", checks, skips, path);
	return failures ? 1 : 0;
}
