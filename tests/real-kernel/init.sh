#!/bin/busybox sh
# /init of the real-kernel tier's initramfs: loads kbridge's modules into the booted
# kernel, exercises them and prints "kbridge-ok:" / "kbridge-FAIL:" markers on the
# serial console for scripts/real-kernel.sh, then powers off. Any WARN, BUG or Oops
# panics the kernel (panic_on_warn, oops=panic), so the final marker never comes.
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

# --- 20 load/unload cycles each; memory must come back --------------------------------
echo 4 >/proc/sys/kernel/printk   # the cycles' info lines would flood the console
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
    esac
}
for what in nullblk phy qr; do cycle $what 0; done   # warm the caches once
settle; sleep 1; settle
set -- $(mem); slab0=$1 avail0=$2
for n in $(seq 1 20); do for what in nullblk phy qr; do cycle $what $n; done; done
# Memory gets 20 s to come back (freed memory may still be on its way); a leak never
# does.
for extra in $(seq 0 20); do
    settle; sleep 1; settle
    set -- $(mem); slab1=$1 avail1=$2
    [ $((slab1 - slab0)) -le 512 ] && [ $((avail0 - avail1)) -le 1024 ] && break
done
echo "kbridge-mem: slab_kib=$slab0->$slab1 available_kib=$avail0->$avail1 (MemAvailable + per-CPU free lists) after ${extra} s more"
[ $((slab1 - slab0)) -le 512 ] || fail "Slab grew by $((slab1 - slab0)) KiB over 60 cycles"
[ $((avail0 - avail1)) -le 1024 ] || fail "available memory fell by $((avail0 - avail1)) KiB over 60 cycles"
ok "20 cycles of each module, memory back within tolerance"
ok "all"
poweroff -f
