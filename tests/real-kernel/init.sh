#!/bin/busybox sh
# /init of the real-kernel tier's initramfs: loads kbridge's modules into the booted
# kernel, exercises them and prints "kbridge-ok:" / "kbridge-FAIL:" markers on the
# serial console for scripts/real-kernel.sh, then powers off. Any WARN, BUG or Oops
# panics the kernel (panic_on_warn, oops=panic), so the final marker never comes.
# kbridge_steps=watchdog on the kernel command line (init's environment) runs the
# watchdog step alone; kbridge_steps=watchdog,itco adds the iTCO_wdt check (q35 only).
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
echo "kbridge: booted $(uname -r)"

fail() { echo "kbridge-FAIL: $*"; poweroff -f; sleep 10; }
ok() { echo "kbridge-ok: $*"; }
gone() {
    for path in "$@"; do [ ! -e "$path" ] || fail "$path still exists after rmmod"; done
}
settle() { sync; echo 3 >/proc/sys/vm/drop_caches; }
# Slab, and available memory, in KiB. Pages just freed can wait on the per-CPU free
# lists, which MemAvailable does not count (a module's 16 MiB buffer, say, and they are
# not always trimmed within seconds): those pages (the pagesets' `count` in
# /proc/zoneinfo, 4 KiB each) are counted as available here.
mem() {
    pcp=$(awk '$1 == "count:" { n += $2 } END { print n * 4 }' /proc/zoneinfo)
    awk -v pcp="$pcp" '/^Slab:/ { s = $2 } /^MemAvailable:/ { a = $2 } END { print s, a + pcp }' /proc/meminfo
}

# --- watchdog: wdt-test checked on Debian's softdog -----------------------------------
# The check of the watchdog test tools, to be pointed at kbridge's software watchdog
# driver once it exists: Debian's watchdog core and softdog (soft_noboot=1: an expiry
# logs "Triggered - Reboot ignored" at KERN_CRIT instead of rebooting), the platform
# device kbridge-softwdt (no driver binds to it yet), and wdt-test through the watchdog
# ioctls with an expiry after a 2 s timeout.
WDT_IDENTITY="Software Watchdog"
WDT_EXPIRY="softdog: Triggered - Reboot ignored"
WDT_DEV=/sys/bus/platform/devices/kbridge-softwdt
wdt_load() {
    insmod /watchdog.ko && insmod /softdog.ko soft_noboot=1 && insmod /kbridge_softwdt_dev.ko
}
wdt_unload() {
    rmmod kbridge_softwdt_dev && rmmod softdog && rmmod watchdog
}
wdt_gone() {
    gone /sys/module/kbridge_softwdt_dev /sys/module/softdog /sys/module/watchdog \
        /dev/watchdog /dev/watchdog0 /sys/class/watchdog "$WDT_DEV"
}
watchdog_step() {
    wdt_load || fail "insmod watchdog, softdog soft_noboot=1, kbridge_softwdt_dev"
    [ -d "$WDT_DEV" ] || fail "no $WDT_DEV: $(ls /sys/bus/platform/devices | grep -i softwdt)"
    modalias=$(cat "$WDT_DEV/modalias")
    [ "$modalias" = platform:kbridge-softwdt ] || fail "$WDT_DEV modalias is $modalias"
    driver=none
    [ ! -e "$WDT_DEV/driver" ] || driver=$(basename "$(readlink "$WDT_DEV/driver")")
    echo "kbridge-softwdt: $WDT_DEV modalias=$modalias driver=$driver"
    [ -c /dev/watchdog0 ] || fail "no /dev/watchdog0"
    start=$(date +%s)
    /wdt-test -i "$WDT_IDENTITY" -t 2 -e -m 2 -l "$WDT_EXPIRY" -u || fail "wdt-test failed (kbridge-wdt lines)"
    echo "kbridge-wdt: ran $(($(date +%s) - start)) s"
    dmesg | grep -q "$WDT_EXPIRY" || fail "the kernel log has no \"$WDT_EXPIRY\""
    # An open watchdog pins its driver: the core takes a reference to ops->owner at open
    # and drops it at a close that stopped the watchdog.
    exec 3>/dev/watchdog0 || fail "open /dev/watchdog0"
    [ "$(cat /sys/class/watchdog/watchdog0/state)" = active ] || fail "open did not start the watchdog"
    if refused=$(rmmod softdog 2>&1); then fail "rmmod softdog went through while /dev/watchdog0 was open"; fi
    case $refused in
    *"Resource temporarily unavailable"*) ;;
    *) fail "rmmod softdog while open: $refused" ;;
    esac
    echo V >&3   # the magic character: the close stops the watchdog
    exec 3>&-
    [ "$(cat /sys/class/watchdog/watchdog0/state)" = inactive ] || fail "magic close did not stop the watchdog"
    wdt_unload || fail "rmmod kbridge_softwdt_dev, softdog, watchdog"
    wdt_gone
    ok "watchdog: wdt-test passed on softdog, expiry included; held open: rmmod refused ($refused)"
}

# wdt-test with WDIOC_GETTIMELEFT required, on a Debian driver that implements it:
# iTCO_wdt, for the TCO watchdog of QEMU's q35 machine (ICH9), a platform driver like
# kbridge's, so -u unbinds it while open. No expiry: a TCO expiry resets the machine. Its own set_timeout refuses 2 s (fewer than 4 ticks of
# 0.6 s; it sets no min_timeout for the core to check), so 5 s.
itco_step() {
    for ko in watchdog lpc_ich iTCO_vendor_support intel_pmc_bxt iTCO_wdt; do
        insmod /$ko.ko || fail "insmod $ko (iTCO_wdt needs a q35 machine)"
    done
    /wdt-test -i iTCO_wdt -L -t 5 -T 10 -u || fail "wdt-test -L against iTCO_wdt failed (kbridge-wdt lines)"
    for ko in iTCO_wdt intel_pmc_bxt iTCO_vendor_support lpc_ich watchdog; do
        rmmod $ko || fail "rmmod $ko"
        gone /sys/module/$ko
    done
    gone /dev/watchdog0 /sys/class/watchdog
    ok "itco: wdt-test -L -u passed on iTCO_wdt (get_timeleft, set_timeout, ping; unbound while open)"
}

# --- 20 load/unload cycles of the steps named; memory must come back -------------------
cycle() {
    case $1 in
    nullblk)
        insmod /rnullb.ko capacity_mib=16 || fail "cycle $2: insmod rnullb"
        dd if=/dev/urandom of=/dev/rnullb0 bs=64k count=16 conv=fsync 2>/dev/null || fail "cycle $2: write"
        rmmod rnullb || fail "cycle $2: rmmod rnullb"
        gone /dev/rnullb0 /sys/block/rnullb0 /sys/module/rnullb ;;
    phy)
        insmod /asix_phy.ko && insmod /kbridge_fake_mdio.ko || fail "cycle $2: insmod phy"
        rmmod kbridge_fake_mdio && rmmod asix_phy || fail "cycle $2: rmmod phy"
        gone /sys/module/asix_phy /sys/module/kbridge_fake_mdio ;;
    qr)
        insmod /qr_panic.ko || fail "cycle $2: insmod qr_panic"
        rmmod qr_panic || fail "cycle $2: rmmod qr_panic"
        gone /sys/module/qr_panic ;;
    watchdog)
        wdt_load || fail "cycle $2: insmod watchdog"
        [ -c /dev/watchdog0 ] && [ -d "$WDT_DEV" ] || fail "cycle $2: no /dev/watchdog0 or $WDT_DEV"
        echo V >/dev/watchdog0 || fail "cycle $2: open, ping, magic close of /dev/watchdog0"
        [ "$(cat /sys/class/watchdog/watchdog0/state)" = inactive ] || fail "cycle $2: watchdog still active"
        wdt_unload || fail "cycle $2: rmmod watchdog"
        wdt_gone ;;
    esac
}
cycles() {
    echo 4 >/proc/sys/kernel/printk   # the cycles' info lines would flood the console
    for what in "$@"; do cycle $what 0; done   # warm the caches once
    settle; sleep 1; settle
    set -- $(mem) "$@"; slab0=$1 avail0=$2; shift 2
    cat /proc/meminfo >/tmp/meminfo0
    for n in $(seq 1 20); do for what in "$@"; do cycle $what $n; done; done
    # Memory gets 20 s to come back (freed memory may still be on its way); a leak never
    # does.
    for extra in $(seq 0 20); do
        settle; sleep 1; settle
        set -- $(mem) "$@"; slab1=$1 avail1=$2; shift 2
        [ $((slab1 - slab0)) -le 512 ] && [ $((avail0 - avail1)) -le 1024 ] && break
    done
    echo "kbridge-mem: slab_kib=$slab0->$slab1 available_kib=$avail0->$avail1 (MemAvailable + per-CPU free lists) after ${extra} s more"
    if [ $((slab1 - slab0)) -gt 512 ] || [ $((avail0 - avail1)) -gt 1024 ]; then
        # Where the memory went, for the failure's diagnosis: /proc/meminfo before -> after.
        awk 'NR == FNR { before[$1] = $2; next } $2 != before[$1] { print "kbridge-mem: " $1, before[$1], "->", $2, $3 }' \
            /tmp/meminfo0 /proc/meminfo
        sed 's/^/kbridge-mem: module /' /proc/modules
    fi
    [ $((slab1 - slab0)) -le 512 ] || fail "Slab grew by $((slab1 - slab0)) KiB over $((20 * $#)) cycles"
    [ $((avail0 - avail1)) -le 1024 ] || fail "available memory fell by $((avail0 - avail1)) KiB over $((20 * $#)) cycles"
    ok "20 cycles of each module ($*), memory back within tolerance"
}

case ${kbridge_steps:-} in
"") ;;
watchdog | watchdog,itco)
    watchdog_step
    [ "$kbridge_steps" = watchdog ] || itco_step
    cycles watchdog
    ok "all"
    poweroff -f ;;
*) fail "unknown kbridge_steps=$kbridge_steps" ;;
esac

# --- null block ----------------------------------------------------------------------
MIB=64
insmod /rnullb.ko capacity_mib=$MIB block_size=4096 queues=2 || fail "insmod rnullb"
[ -b /dev/rnullb0 ] || fail "no /dev/rnullb0"
[ "$(cat /sys/block/rnullb0/size)" = $((MIB * 2048)) ] || fail "capacity $(cat /sys/block/rnullb0/size)"
[ "$(cat /sys/block/rnullb0/queue/logical_block_size)" = 4096 ] || fail "block size"
dd if=/dev/urandom of=/tmp/pattern bs=1M count=8 2>/dev/null
want=$(md5sum </tmp/pattern)
for seek in 0 17 $((MIB - 8)); do
    dd if=/tmp/pattern of=/dev/rnullb0 bs=1M seek=$seek conv=fsync 2>/dev/null || fail "write at $seek MiB"
done
settle
for skip in 0 17 $((MIB - 8)); do
    got=$(dd if=/dev/rnullb0 bs=1M skip=$skip count=8 2>/dev/null | md5sum)
    [ "$got" = "$want" ] || fail "read back at $skip MiB: $got, wrote $want"
done
ok "nullblk read back what was written (3 x 8 MiB)"

# Four writers on their own 8 MiB regions while two readers read the whole device.
for i in 1 2 3 4; do dd if=/dev/urandom of=/tmp/w$i bs=1M count=8 2>/dev/null; done
for i in 1 2 3 4; do
    dd if=/tmp/w$i of=/dev/rnullb0 bs=64k seek=$((i * 128)) conv=fsync 2>/dev/null &
done
for r in 1 2; do
    (for pass in 1 2 3; do dd if=/dev/rnullb0 of=/dev/null bs=256k 2>/dev/null || echo "reader $r failed" >/tmp/rfail; done) &
done
wait
[ ! -e /tmp/rfail ] || fail "$(cat /tmp/rfail)"
settle
for i in 1 2 3 4; do
    got=$(dd if=/dev/rnullb0 bs=64k skip=$((i * 128)) count=128 2>/dev/null | md5sum)
    [ "$got" = "$(md5sum </tmp/w$i)" ] || fail "concurrent writer $i: read back differs"
done
rm -f /tmp/w? /tmp/pattern
ok "nullblk concurrent: 4 writers and 2 readers, every region read back"
# An open disk pins its module (block_device_operations.owner is THIS_MODULE): rmmod is
# refused with EWOULDBLOCK (busybox: "Resource temporarily unavailable"), and the module
# and disk stay; reads still work; after the close rmmod goes through. With owner NULL
# the module was unloaded under the open file and its close ran freed code.
exec 3</dev/rnullb0 || fail "open /dev/rnullb0"
[ "$(awk '$1 == "rnullb" { print $3 }' /proc/modules)" = 1 ] || fail "the open holds no reference: $(grep rnullb /proc/modules)"
if refused=$(rmmod rnullb 2>&1); then fail "rmmod rnullb went through while /dev/rnullb0 was open"; fi
case $refused in
*"Resource temporarily unavailable"*) ;;
*) fail "rmmod while open: $refused" ;;
esac
[ -b /dev/rnullb0 ] && [ -d /sys/module/rnullb ] || fail "rnullb went away while open"
dd if=/dev/rnullb0 of=/dev/null bs=4k count=1 2>/dev/null || fail "read while rmmod was refused"
exec 3<&-
ok "nullblk held open: rmmod refused ($refused)"
rmmod rnullb || fail "rmmod rnullb"
gone /dev/rnullb0 /sys/block/rnullb0 /sys/module/rnullb
ok "nullblk unloaded"

# --- PHY ---------------------------------------------------------------------------
insmod /libphy.ko || fail "insmod libphy"
insmod /asix_phy.ko || fail "insmod asix_phy"
[ -d "/sys/bus/mdio_bus/drivers/Asix Electronics AX88772A" ] || fail "driver not registered"
insmod /kbridge_fake_mdio.ko || fail "insmod kbridge_fake_mdio (see kbridge-phy lines)"
ls /sys/bus/mdio_bus/drivers/Asix\ Electronics\ AX88772A/ | grep -q kbridge-fake ||
    fail "the fake PHY is not bound to the AX88772A driver in sysfs"
rmmod kbridge_fake_mdio || fail "rmmod kbridge_fake_mdio"
rmmod asix_phy || fail "rmmod asix_phy"
gone /sys/module/asix_phy "/sys/bus/mdio_bus/drivers/Asix Electronics AX88772A"
ok "phy bound, reported, unloaded"

# --- QR ----------------------------------------------------------------------------
insmod /qr_panic.ko || fail "insmod qr_panic"
rmmod qr_panic || fail "rmmod qr_panic"
gone /sys/module/qr_panic
ok "qr encoded"

watchdog_step

cycles nullblk phy qr watchdog
ok "all"
poweroff -f
