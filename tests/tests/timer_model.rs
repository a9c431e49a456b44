//! The model's timers behave as Linux 6.12's timer wheel does where a driver can see it
//! (kernel/time/timer.c): a timer runs on another thread (the softirq) once the clock
//! reaches its expiry, detached before its function runs; mod_timer() moves a pending
//! timer; a function may re-arm its own timer; timer_delete() does not wait for a
//! running function and timer_delete_sync() does, removing what it re-armed;
//! timer_shutdown_sync() makes later arming a no-op; sleeping in a timer function is
//! reported. Run under valgrind by scripts/test.sh.

#![forbid(unsafe_code)]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use kbridge_tests::core_model::Baseline;
use kbridge_tests::timer::{self, Delete, Timer};

/// The clock and the timer thread are the whole model's: one test at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> (MutexGuard<'static, ()>, Baseline) {
    let serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    timer::settle();
    (serial, Baseline::now())
}

/// Long enough for a thread that is not blocked to have finished.
const WHILE: Duration = Duration::from_millis(100);

#[test]
fn a_timer_runs_on_another_thread_once_the_clock_reaches_its_expiry() {
    let (_serial, baseline) = serial();
    let t = Timer::new();
    let start = timer::jiffies();
    assert!(!t.arm(10), "it was not pending");
    assert!(t.is_pending());
    timer::advance(9);
    timer::settle();
    assert_eq!(t.runs(), 0, "not before its expiry");
    assert!(t.is_pending());
    timer::advance(1);
    timer::settle();
    assert_eq!(t.runs(), 1);
    assert_eq!(t.seen_jiffies(), start + 10);
    assert_ne!(
        t.ran_on(),
        timer::thread_token(),
        "the softirq is not the test's thread"
    );
    assert_eq!(t.pending_in_fn(), 0, "detached before its function runs");
    assert!(!t.is_pending());
    timer::advance(100);
    timer::settle();
    assert_eq!(t.runs(), 1, "a timer runs once");
    drop(t);
    baseline.check();
}

#[test]
fn a_timer_armed_for_now_runs_at_the_next_tick() {
    let (_serial, baseline) = serial();
    let t = Timer::new();
    t.arm(0);
    timer::settle();
    assert_eq!(t.runs(), 0, "the current tick is processed already");
    timer::advance(1);
    timer::settle();
    assert_eq!(t.runs(), 1);
    drop(t);
    baseline.check();
}

#[test]
fn mod_timer_moves_a_pending_timer() {
    let (_serial, baseline) = serial();
    let t = Timer::new();
    assert!(!t.arm(10));
    assert!(t.arm(100), "mod_timer of a pending timer says so");
    timer::advance(50);
    timer::settle();
    assert_eq!(t.runs(), 0, "it no longer expires at the first expiry");
    timer::advance(50);
    timer::settle();
    assert_eq!(t.runs(), 1);
    drop(t);
    baseline.check();
}

#[test]
fn a_function_may_rearm_its_own_timer() {
    let (_serial, baseline) = serial();
    let t = Timer::new();
    t.set(5, false);
    t.arm(5);
    timer::advance(5);
    timer::settle();
    assert_eq!(t.runs(), 1);
    assert!(t.is_pending(), "re-armed by its function");
    timer::advance(5);
    timer::settle();
    assert_eq!(t.runs(), 2);
    // A long step: the function re-arms from the jiffies it sees, so it runs once.
    timer::advance(20);
    timer::settle();
    assert_eq!(t.runs(), 3);
    assert!(t.delete(Delete::DeleteSync), "it was pending");
    assert!(!t.is_pending());
    timer::advance(100);
    timer::settle();
    assert_eq!(t.runs(), 3);
    drop(t);
    baseline.check();
}

#[test]
fn timer_delete_sync_waits_for_a_running_function_and_removes_its_rearm() {
    for how in [Delete::DeleteSync, Delete::DelTimerSync] {
        let (_serial, baseline) = serial();
        let t = Timer::new();
        t.set(1, false);
        t.gate(true);
        t.arm(1);
        timer::advance(1);
        t.wait_at_gate();
        let done = AtomicBool::new(false);
        std::thread::scope(|s| {
            let deleter = s.spawn(|| {
                let was_pending = t.delete(how);
                done.store(true, Ordering::SeqCst);
                was_pending
            });
            std::thread::sleep(WHILE);
            assert!(
                !done.load(Ordering::SeqCst),
                "{how:?} returned while the function ran"
            );
            assert_eq!(t.runs(), 0);
            t.gate(false);
            assert!(
                deleter.join().unwrap(),
                "{how:?} removed the re-armed timer"
            );
        });
        assert_eq!(t.runs(), 1, "the function had returned");
        assert!(!t.is_pending(), "and its re-arm is gone");
        timer::advance(10);
        timer::settle();
        assert_eq!(t.runs(), 1);
        drop(t);
        baseline.check();
    }
}

#[test]
fn timer_delete_does_not_wait_for_a_running_function() {
    let (_serial, baseline) = serial();
    let t = Timer::new();
    t.gate(true);
    t.arm(1);
    timer::advance(1);
    t.wait_at_gate();
    assert!(!t.is_pending(), "a running timer is not pending");
    assert!(!t.delete(Delete::Delete), "nothing pending to delete");
    assert_eq!(
        t.runs(),
        0,
        "timer_delete returned with the function still running"
    );
    t.gate(false);
    timer::settle();
    assert_eq!(t.runs(), 1);
    drop(t);
    baseline.check();
}

#[test]
fn a_shut_down_timer_cannot_be_armed_again() {
    let (_serial, baseline) = serial();
    let t = Timer::new();
    t.arm(5);
    assert!(t.delete(Delete::ShutdownSync));
    assert!(!t.arm(1), "mod_timer after shutdown does nothing");
    assert!(!t.is_pending());
    timer::advance(10);
    timer::settle();
    assert_eq!(t.runs(), 0);
    drop(t);
    baseline.check();
}

#[test]
fn timers_due_together_run_on_one_softirq_thread() {
    let (_serial, baseline) = serial();
    let early = Timer::new();
    let late = Timer::new();
    late.arm(20);
    early.arm(10);
    timer::advance(30);
    timer::settle();
    assert_eq!((early.runs(), late.runs()), (1, 1));
    assert_eq!(early.ran_on(), late.ran_on(), "one softirq thread");
    drop((early, late));
    baseline.check();
}

#[test]
fn a_mutex_taken_in_a_timer_function_is_reported() {
    let (_serial, baseline) = serial();
    let t = Timer::new();
    t.set(0, true);
    t.arm(1);
    timer::advance(1);
    timer::settle();
    assert_eq!(t.runs(), 1);
    drop(t);
    let now = Baseline::now();
    assert_eq!(
        now.errors,
        baseline.errors + 1,
        "mutex_lock in softirq context is a bug"
    );
    assert_eq!(
        (now.devices, now.allocations),
        (baseline.devices, baseline.allocations)
    );
}
