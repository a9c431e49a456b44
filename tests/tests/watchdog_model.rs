//! The model's watchdog core behaves as Linux 6.12's (drivers/watchdog/watchdog_core.c,
//! watchdog_dev.c), shown with a C softdog platform driver that is a module of its own
//! (tests/c/softdog.c) and user space's calls on /dev/watchdogN: open starts it (without
//! the core's lock, as 6.12 does) and pins the module, writes and ioctls ping under the
//! lock, 'V' arms magic close, nowayout refuses to stop, SETTIMEOUT without a
//! set_timeout op is the core's, the reboot notifier's stop and the restart handler run
//! without the lock while another thread is inside an op, unregistration stops it (again
//! unlocked) and leaves open files with -ENODEV, registration refuses what 6.12 refuses,
//! and a timer running during remove is waited for. Run under valgrind by
//! scripts/test.sh.

#![forbid(unsafe_code)]

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use kbridge_tests::core_model::Baseline;
use kbridge_tests::platform::Device;
use kbridge_tests::timer;
use kbridge_tests::watchdog::softdog::{self, Gate, Stat};
use kbridge_tests::watchdog::{self, Bad, File};
use kbridge_tests::watchdog::{
    WDIOC_GETSTATUS, WDIOC_GETTEMP, WDIOC_GETTIMELEFT, WDIOC_GETTIMEOUT, WDIOC_KEEPALIVE,
    WDIOC_SETOPTIONS, WDIOC_SETTIMEOUT,
};

// The uapi bits are `int` constants in C; user space passes them as unsigned ints.
const WDIOF_KEEPALIVEPING: u32 = kbridge_tests::watchdog::WDIOF_KEEPALIVEPING as u32;
const WDIOF_MAGICCLOSE: u32 = kbridge_tests::watchdog::WDIOF_MAGICCLOSE as u32;
const WDIOF_PRETIMEOUT: u32 = kbridge_tests::watchdog::WDIOF_PRETIMEOUT as u32;
const WDIOF_SETTIMEOUT: u32 = kbridge_tests::watchdog::WDIOF_SETTIMEOUT as u32;
const WDIOS_DISABLECARD: u32 = kbridge_tests::watchdog::WDIOS_DISABLECARD as u32;

static SERIAL: Mutex<()> = Mutex::new(());

const EAGAIN: i32 = 11;
const ENODEV: i32 = 19;
const EBUSY: i32 = 16;
const EINVAL: i32 = 22;
const ENOTTY: i32 = 25;
const ENOSPC: i32 = 28;
const EOPNOTSUPP: i32 = 95;
const HZ: u64 = 250;
const ACTIVE: u64 = 1 << 0;
const NO_WAY_OUT: u64 = 1 << 1;
const HW_RUNNING: u64 = 1 << 3;
const WHILE: Duration = Duration::from_millis(100);

fn serial() -> (MutexGuard<'static, ()>, Baseline) {
    let serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    timer::settle();
    (serial, Baseline::now())
}

/// insmod, then a device the driver binds: the full variant by its id, the minimal one
/// by "kbtest-softdog-min".
fn setup(name: &core::ffi::CStr, nowayout: bool, timeout: u32) -> Device {
    softdog::load(nowayout, timeout).expect("insmod");
    let mut dev = Device::new(name, -1);
    dev.add().expect("added");
    assert_eq!(dev.driver().as_deref(), Some("kbtest-softdog"));
    assert_eq!(watchdog::count(), 1);
    dev
}

/// Time passes a second at a time, the timer thread and the worker keeping up (a jump
/// of the clock is a softirq running late: work its timers queue runs after the later
/// timers of the jump).
fn pass(seconds: u64) {
    for _ in 0..seconds {
        timer::advance(HZ);
        timer::settle();
        timer::settle_work();
    }
}

/// The device goes, then rmmod; everything back as it was.
fn teardown(dev: Device, baseline: &Baseline) {
    drop(dev);
    assert_eq!(softdog::stat(Stat::RemoveDone), 1);
    assert_eq!(softdog::stat(Stat::Freed), 1);
    assert_eq!(watchdog::count(), 0);
    softdog::unload().expect("rmmod");
    timer::settle();
    timer::settle_work();
    baseline.check();
}

#[test]
fn open_starts_it_unlocked_and_pins_the_module_until_magic_close() {
    let (_serial, baseline) = serial();
    let dev = setup(c"kbtest-softdog", false, 0);
    assert_eq!(softdog::refcount(), 0);
    let file = File::open(Some(0)).unwrap();
    assert_eq!(softdog::stat(Stat::Starts), 1);
    assert_eq!(
        softdog::stat(Stat::StartsLocked),
        0,
        "watchdog_open() calls start unlocked"
    );
    assert_eq!(
        watchdog::status(0).unwrap() & (ACTIVE | HW_RUNNING),
        ACTIVE | HW_RUNNING
    );
    assert_eq!(
        softdog::refcount(),
        2,
        "the open and the character device each hold one"
    );
    assert_eq!(
        softdog::unload(),
        Err(-EAGAIN),
        "rmmod refused: EWOULDBLOCK"
    );
    assert_eq!(File::open(Some(0)).err(), Some(-EBUSY), "single open");
    assert_eq!(
        File::open(None).err(),
        Some(-EBUSY),
        "/dev/watchdog is the same watchdog"
    );
    assert_eq!(file.write(b"xV"), Ok(2));
    assert_eq!(softdog::stat(Stat::Pings), 1);
    assert_eq!(
        softdog::stat(Stat::PingsLocked),
        1,
        "write pings under wd_data->lock"
    );
    drop(file);
    assert_eq!(softdog::stat(Stat::Stops), 1, "magic close stops it");
    assert_eq!(softdog::stat(Stat::StopsLocked), 1);
    assert_eq!(watchdog::status(0).unwrap() & (ACTIVE | HW_RUNNING), 0);
    assert_eq!(softdog::refcount(), 0);
    timer::advance(120 * HZ);
    timer::settle();
    assert_eq!(softdog::stat(Stat::Expiries), 0, "stopped: no reset");
    teardown(dev, &baseline);
}

#[test]
fn close_without_magic_keeps_it_running_and_the_module_pinned() {
    let (_serial, baseline) = serial();
    let dev = setup(c"kbtest-softdog", false, 10);
    let file = File::open(Some(0)).unwrap();
    let mut timeout = 0;
    file.ioctl(WDIOC_GETTIMEOUT, &mut timeout).unwrap();
    assert_eq!(
        timeout, 10,
        "watchdog_init_timeout() took the module parameter"
    );
    assert_eq!(file.write(b"V"), Ok(1));
    assert_eq!(file.write(b"x"), Ok(1), "a later write disarms magic close");
    drop(file);
    assert_eq!(softdog::stat(Stat::Stops), 0, "the watchdog did not stop");
    assert_eq!(
        softdog::stat(Stat::Pings),
        3,
        "two writes and the release's ping"
    );
    assert_eq!(watchdog::status(0).unwrap() & ACTIVE, ACTIVE);
    assert_eq!(
        softdog::refcount(),
        1,
        "a running watchdog keeps its driver loaded"
    );
    assert_eq!(softdog::unload(), Err(-EAGAIN));
    timer::advance(10 * HZ);
    timer::settle();
    assert_eq!(
        softdog::stat(Stat::Expiries),
        1,
        "nobody pinged: the machine resets"
    );
    assert_ne!(softdog::stat(Stat::ExpiryThread), timer::thread_token());
    // User space comes back and stops it properly.
    let file = File::open(None).unwrap();
    assert_eq!(
        softdog::refcount(),
        1,
        "a running watchdog's open takes none, nor does the misc /dev/watchdog"
    );
    file.write(b"V").unwrap();
    drop(file);
    assert_eq!(softdog::refcount(), 0);
    teardown(dev, &baseline);
}

#[test]
fn nowayout_refuses_to_stop() {
    let (_serial, baseline) = serial();
    let dev = setup(c"kbtest-softdog", true, 0);
    assert_eq!(watchdog::status(0).unwrap() & NO_WAY_OUT, NO_WAY_OUT);
    let file = File::open(Some(0)).unwrap();
    let mut options = WDIOS_DISABLECARD;
    assert_eq!(file.ioctl(WDIOC_SETOPTIONS, &mut options), Err(-EBUSY));
    file.write(b"V").unwrap();
    drop(file);
    assert_eq!(softdog::stat(Stat::Stops), 0);
    assert_eq!(watchdog::status(0).unwrap() & ACTIVE, ACTIVE);
    assert_eq!(
        softdog::unload(),
        Err(-EAGAIN),
        "nowayout: the module stays"
    );
    // The driver lets go of nowayout (only it can), and user space stops it.
    softdog::clear_nowayout();
    let file = File::open(Some(0)).unwrap();
    let mut options = WDIOS_DISABLECARD;
    file.ioctl(WDIOC_SETOPTIONS, &mut options).unwrap();
    assert_eq!(
        softdog::stat(Stat::StopsLocked),
        1,
        "SETOPTIONS stops under the lock"
    );
    drop(file);
    assert_eq!(softdog::refcount(), 0);
    teardown(dev, &baseline);
}

#[test]
fn the_ioctls_as_the_core_answers_them() {
    let (_serial, baseline) = serial();
    let dev = setup(c"kbtest-softdog", false, 0);
    let file = File::open(Some(0)).unwrap();
    let info = file.support().unwrap();
    assert_eq!(&info.identity[..14], b"kbtest softdog");
    assert_eq!(
        info.options,
        WDIOF_SETTIMEOUT | WDIOF_MAGICCLOSE | WDIOF_KEEPALIVEPING
    );
    let mut status = 0;
    file.ioctl(WDIOC_GETSTATUS, &mut status).unwrap();
    assert_eq!(
        status,
        WDIOF_KEEPALIVEPING | WDIOF_PRETIMEOUT,
        "open's start counts as a keepalive"
    );
    file.ioctl(WDIOC_GETSTATUS, &mut status).unwrap();
    assert_eq!(
        status, WDIOF_PRETIMEOUT,
        "KEEPALIVEPING is cleared by reading it"
    );
    let mut timeout = 20;
    file.ioctl(WDIOC_SETTIMEOUT, &mut timeout).unwrap();
    assert_eq!(timeout, 20);
    assert_eq!(softdog::stat(Stat::SetTimeouts), 1);
    assert_eq!(
        softdog::stat(Stat::Pings),
        1,
        "SETTIMEOUT pings after setting"
    );
    let mut left = 0;
    file.ioctl(WDIOC_GETTIMELEFT, &mut left).unwrap();
    assert_eq!(left, 20);
    timer::advance(5 * HZ);
    file.ioctl(WDIOC_GETTIMELEFT, &mut left).unwrap();
    assert_eq!(left, 15);
    let mut arg = 0;
    file.ioctl(WDIOC_KEEPALIVE, &mut arg).unwrap();
    file.ioctl(WDIOC_GETTIMELEFT, &mut left).unwrap();
    assert_eq!(left, 20);
    file.ioctl(WDIOC_GETSTATUS, &mut status).unwrap();
    assert_eq!(status & WDIOF_KEEPALIVEPING, WDIOF_KEEPALIVEPING);
    file.write(b"V").unwrap();
    file.ioctl(WDIOC_GETSTATUS, &mut status).unwrap();
    assert_eq!(
        status & WDIOF_MAGICCLOSE,
        WDIOF_MAGICCLOSE,
        "magic close is armed"
    );
    let mut timeout = 0;
    assert_eq!(
        file.ioctl(WDIOC_SETTIMEOUT, &mut timeout),
        Err(-EINVAL),
        "below min_timeout"
    );
    let mut timeout = 70_000;
    assert_eq!(
        file.ioctl(WDIOC_SETTIMEOUT, &mut timeout),
        Err(-EINVAL),
        "above max_timeout"
    );
    assert_eq!(file.ioctl(WDIOC_GETTEMP, &mut arg), Err(-ENOTTY));
    assert_eq!(
        softdog::stat(Stat::OthersLocked),
        4,
        "set_timeout and get_timeleft locked"
    );
    assert_eq!(softdog::stat(Stat::PingsLocked), softdog::stat(Stat::Pings));
    drop(file);
    assert_eq!(softdog::stat(Stat::Stops), 1);
    teardown(dev, &baseline);
}

#[test]
fn without_ops_the_core_stores_timeouts_and_pings_through_start() {
    let (_serial, baseline) = serial();
    let dev = setup(c"kbtest-softdog-min", false, 0);
    let file = File::open(Some(0)).unwrap();
    assert_eq!(softdog::stat(Stat::Starts), 1);
    let mut timeout = 10;
    file.ioctl(WDIOC_SETTIMEOUT, &mut timeout).unwrap();
    assert_eq!(timeout, 10, "the core stored it");
    assert_eq!(softdog::stat(Stat::SetTimeouts), 0);
    assert_eq!(softdog::stat(Stat::Starts), 2, "its ping is start");
    assert_eq!(softdog::stat(Stat::Pings), 0);
    let mut left = 0;
    assert_eq!(file.ioctl(WDIOC_GETTIMELEFT, &mut left), Err(-EOPNOTSUPP));
    file.write(b"V").unwrap();
    assert_eq!(softdog::stat(Stat::Starts), 3);
    // The minimal variant registers no restart handler and no reboot notifier.
    assert_eq!(watchdog::restart_handlers(), 0);
    assert_eq!(watchdog::reboot_notifiers(1), 0);
    assert_eq!(
        softdog::stat(Stat::Restarts) + softdog::stat(Stat::Stops),
        0
    );
    drop(file);
    assert_eq!(softdog::stat(Stat::Stops), 1);
    teardown(dev, &baseline);
}

#[test]
fn reboot_stop_and_restart_run_unlocked_while_an_ioctl_holds_the_lock() {
    let (_serial, baseline) = serial();
    let dev = setup(c"kbtest-softdog", false, 0);
    let file = File::open(Some(0)).unwrap();
    softdog::gate(Gate::Ping, true);
    std::thread::scope(|s| {
        let pinger = s.spawn(|| {
            let mut arg = 0;
            file.ioctl(WDIOC_KEEPALIVE, &mut arg)
        });
        softdog::wait_at(Gate::Ping);
        assert_eq!(
            watchdog::reboot_notifiers(1),
            0,
            "SYS_DOWN: stopped, NOTIFY_DONE"
        );
        assert_eq!(softdog::stat(Stat::Stops), 1);
        assert_eq!(
            softdog::stat(Stat::StopsLocked),
            0,
            "watchdog_reboot_notifier() takes no lock"
        );
        assert_eq!(watchdog::restart_handlers(), 0);
        assert_eq!(softdog::stat(Stat::Restarts), 1);
        assert_eq!(softdog::stat(Stat::RestartsLocked), 0);
        assert_eq!(
            softdog::stat(Stat::MaxInFlight),
            2,
            "both ran inside the ping"
        );
        softdog::gate(Gate::Ping, false);
        assert_eq!(pinger.join().unwrap(), Ok(()));
    });
    assert_eq!(softdog::stat(Stat::PingsLocked), 1);
    file.write(b"V").unwrap();
    drop(file);
    teardown(dev, &baseline);
}

#[test]
fn kernel_restart_runs_notifiers_shutdown_and_restart_handlers() {
    let (_serial, baseline) = serial();
    let dev = setup(c"kbtest-softdog", false, 0);
    watchdog::kernel_restart();
    assert_eq!(
        softdog::stat(Stat::Stops),
        0,
        "not running: the notifier leaves it"
    );
    assert_eq!(softdog::stat(Stat::Restarts), 1);
    let file = File::open(Some(0)).unwrap();
    watchdog::kernel_restart();
    assert_eq!(
        softdog::stat(Stat::Stops),
        1,
        "running: stopped on the way down"
    );
    assert_eq!(softdog::stat(Stat::Restarts), 2);
    file.write(b"V").unwrap();
    drop(file);
    teardown(dev, &baseline);
}

#[test]
fn unregistering_stops_it_unlocked_and_leaves_open_files_with_enodev() {
    let (_serial, baseline) = serial();
    let dev = setup(c"kbtest-softdog", false, 0);
    let file = File::open(Some(0)).unwrap();
    dev.unbind();
    assert_eq!(softdog::stat(Stat::Removes), 1);
    assert_eq!(softdog::stat(Stat::Stops), 1, "WDOG_STOP_ON_UNREGISTER");
    assert_eq!(
        softdog::stat(Stat::StopsLocked),
        0,
        "watchdog_cdev_unregister() stops unlocked"
    );
    assert_eq!(watchdog::count(), 0);
    assert_eq!(File::open(Some(0)).err(), Some(-ENODEV));
    assert_eq!(file.write(b"V"), Err(-ENODEV));
    let mut arg = 0;
    assert_eq!(file.ioctl(WDIOC_KEEPALIVE, &mut arg), Err(-ENODEV));
    assert_eq!(softdog::refcount(), 2);
    drop(file);
    assert_eq!(softdog::refcount(), 0);
    teardown(dev, &baseline);
}

#[test]
fn the_core_pings_a_watchdog_running_from_boot_until_user_space_takes_over() {
    let (_serial, baseline) = serial();
    let dev = setup(c"kbtest-softdog-boot", false, 60);
    assert_eq!(
        watchdog::status(0).unwrap() & (ACTIVE | HW_RUNNING),
        HW_RUNNING
    );
    assert_eq!(
        softdog::refcount(),
        1,
        "a running watchdog pins its driver at registration"
    );
    assert_eq!(softdog::unload(), Err(-EAGAIN));
    // handle_boot_enabled: the worker pings at once, then every half timeout.
    timer::advance(1);
    timer::settle();
    timer::settle_work();
    assert_eq!(softdog::stat(Stat::Pings), 1);
    assert_eq!(
        softdog::stat(Stat::PingsLocked),
        1,
        "the worker pings under the lock"
    );
    pass(240);
    assert_eq!(softdog::stat(Stat::Pings), 9);
    assert_eq!(
        softdog::stat(Stat::Expiries),
        0,
        "kept alive for four minutes"
    );
    let file = File::open(Some(0)).unwrap();
    assert_eq!(
        softdog::stat(Stat::Starts),
        0,
        "running hardware is pinged, not started"
    );
    assert_eq!(softdog::stat(Stat::Pings), 10);
    assert_eq!(
        softdog::refcount(),
        2,
        "registration's and the character device's"
    );
    // watchdog_start() pings before it sets WDOG_ACTIVE, so that ping re-arms the worker
    // once more: half a timeout after the open the core pings once on its own (6.12).
    pass(60);
    assert_eq!(softdog::stat(Stat::Pings), 11);
    assert_eq!(softdog::stat(Stat::Expiries), 0);
    // Then user space has it alone: nobody pings, the countdown runs out.
    pass(60);
    assert_eq!(softdog::stat(Stat::Pings), 11);
    assert_eq!(softdog::stat(Stat::Expiries), 1);
    file.write(b"V").unwrap();
    drop(file);
    assert_eq!(softdog::stat(Stat::Stops), 1);
    assert_eq!(
        softdog::refcount(),
        0,
        "stopped: registration's reference goes with the close"
    );
    teardown(dev, &baseline);
}

#[test]
fn registration_refuses_what_linux_refuses() {
    let (_serial, baseline) = serial();
    assert_eq!(watchdog::register_bad(Bad::NoInfo), -EINVAL);
    assert_eq!(watchdog::register_bad(Bad::NoOps), -EINVAL);
    assert_eq!(watchdog::register_bad(Bad::NoStart), -EINVAL);
    assert_eq!(watchdog::register_bad(Bad::NoStopNoMaxHwHeartbeat), -EINVAL);
    assert_eq!(watchdog::register_bad(Bad::NoStopWithMaxHwHeartbeat), 0);
    assert_eq!(
        watchdog::register_bad(Bad::MinAboveMax),
        0,
        "min and max reset to 0"
    );
    assert_eq!(watchdog::register_bad(Bad::ThirtyThird), -ENOSPC, "32 ids");
    assert_eq!(watchdog::count(), 0);
    timer::settle();
    baseline.check();
}

#[test]
fn bound_by_of_compatible_and_ids_reused() {
    let (_serial, baseline) = serial();
    softdog::load(false, 0).unwrap();
    let mut first = Device::new(c"soc-wdt", 1);
    first.set_compatible(c"kbridge,softdog");
    first.add().unwrap();
    let mut second = Device::new(c"kbtest-softdog", 2);
    second.add().unwrap();
    assert_eq!(watchdog::count(), 2);
    assert!(watchdog::status(0).is_some() && watchdog::status(1).is_some());
    drop(first);
    assert_eq!(watchdog::status(0), None, "watchdog0 went with its device");
    let third = Device::new(c"kbtest-softdog", 3);
    let mut third = third;
    third.add().unwrap();
    assert!(watchdog::status(0).is_some(), "the lowest free id again");
    drop((second, third));
    softdog::unload().unwrap();
    baseline.check();
}

#[test]
fn a_timer_running_during_remove_is_waited_for() {
    let (_serial, baseline) = serial();
    let dev = setup(c"kbtest-softdog", false, 1);
    let file = File::open(Some(0)).unwrap();
    softdog::gate(Gate::Timer, true);
    timer::advance(HZ);
    softdog::wait_at(Gate::Timer);
    std::thread::scope(|s| {
        let remover = s.spawn(|| drop(dev));
        std::thread::sleep(WHILE);
        assert_eq!(softdog::stat(Stat::Removes), 1, "remove started");
        assert_eq!(
            softdog::stat(Stat::RemoveDone),
            0,
            "timer_delete_sync() waits for the timer"
        );
        assert_eq!(
            softdog::stat(Stat::Freed),
            0,
            "so devres has not freed the data"
        );
        softdog::gate(Gate::Timer, false);
        remover.join().unwrap();
    });
    assert_eq!(
        softdog::stat(Stat::Expiries),
        1,
        "the timer ran to its end on live data"
    );
    assert_eq!(softdog::stat(Stat::RemoveDone), 1);
    assert_eq!(softdog::stat(Stat::Freed), 1);
    drop(file);
    softdog::unload().unwrap();
    timer::settle();
    baseline.check();
}
