//! examples/phy-asix on the model's phylib, over emulated AX88772A/AX88772C/AX88796B
//! chips. The expected MDIO traffic of each step is written from what Linux 6.12's C
//! driver (drivers/net/phy/ax88796b.c) and phylib do, given what the emulated chip
//! answers; it is not recorded from our driver.
//!
//! The module and the model's phylib are global, so the tests run one at a time; each
//! ends with the model's leak and misuse check (devices, allocations, API errors).

#![forbid(unsafe_code)]

use std::sync::{Mutex, MutexGuard};

use kbridge_tests::core_model::{self, Baseline};
use kbridge_tests::loader;
use kbridge_tests::phy::{self, Access, Bus};
use kernel::net::phy::mii::*;
use kernel::net::phy::{DeviceState, Duplex, Speed};

const SPEED_100: i32 = Speed::SPEED_100.to_raw();
const SPEED_UNKNOWN: i32 = Speed::SPEED_UNKNOWN.to_raw();
const DUPLEX_FULL: i32 = Duplex::FULL.to_raw();
const DUPLEX_UNKNOWN: i32 = Duplex::UNKNOWN.to_raw();
use kernel::prelude::*;
use phy_asix::AsixPhy;

static SERIAL: Mutex<()> = Mutex::new(());

const AX88772A: u32 = 0x003b_1861;
const AX88772C: u32 = 0x003b_1881;
const AX88796B_REV9: u32 = 0x003b_1849;

/// A partner advertising 10/100, half and full duplex, as it reads in LPA.
const PARTNER: u16 = LPA_100FULL | LPA_100HALF | LPA_10FULL | LPA_10HALF | ADVERTISE_CSMA;
const PARTNER_LPA: u16 = PARTNER | LPA_LPACK;
/// BMSR of these chips: 10/100 half/full, can negotiate.
const BMSR_IDLE: u16 = BMSR_100FULL | BMSR_100HALF | BMSR_10FULL | BMSR_10HALF | BMSR_ANEGCAPABLE;
const BMSR_LINK: u16 = BMSR_IDLE | BMSR_LSTATUS | BMSR_ANEGCOMPLETE;
/// BMCR after a reset: negotiation on, 100 Mb/s full duplex as the fallback.
const BMCR_DEFAULT: u16 = BMCR_ANENABLE | BMCR_SPEED100 | BMCR_FULLDPLX;

fn r(reg: u32, value: u16) -> Access {
    Access::read(reg, value)
}

fn w(reg: u32, value: u16) -> Access {
    Access::write(reg, value)
}

fn state(s: DeviceState) -> u32 {
    s.to_raw()
}

/// The test holds the model alone, with the ASIX module loaded.
struct Loaded {
    _serial: MutexGuard<'static, ()>,
    baseline: Baseline,
    loaded: bool,
}

impl Loaded {
    /// `rmmod` while the test goes on.
    fn unload(&mut self) -> Result<(), i32> {
        let result = loader::unload::<AsixPhy>();
        self.loaded &= result.is_err();
        result
    }
}

fn load() -> Loaded {
    let serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let baseline = Baseline::now();
    let drivers = phy::registered_drivers();
    assert_eq!(loader::load::<AsixPhy>(c""), Ok(()), "module init");
    assert_eq!(phy::registered_drivers(), drivers + 3);
    Loaded {
        _serial: serial,
        baseline,
        loaded: true,
    }
}

impl Drop for Loaded {
    fn drop(&mut self) {
        if self.loaded {
            assert_eq!(loader::unload::<AsixPhy>(), Ok(()), "rmmod");
        }
        if !std::thread::panicking() {
            assert_eq!(
                phy::registered_drivers(),
                0,
                "unload leaves nothing registered"
            );
            self.baseline.check();
        }
    }
}

/// asix_soft_reset(): BMCR = 0, then what genphy_soft_reset() does with negotiation on: a
/// read-modify-write of BMCR setting RESET|ANRESTART, then BMCR polled until the reset
/// bit clears (the chip shows the reset in progress on the first read).
fn asix_soft_reset() -> Vec<Access> {
    vec![
        w(MII_BMCR, 0),
        r(MII_BMCR, 0),
        w(MII_BMCR, BMCR_RESET | BMCR_ANRESTART),
        r(MII_BMCR, BMCR_DEFAULT | BMCR_RESET),
        r(MII_BMCR, BMCR_DEFAULT),
    ]
}

/// genphy_config_aneg() right after a reset: the advertisement (all 10/100 modes plus
/// both pause bits, as phylib advertises) differs from the reset default, so it is
/// written, BMSR is read for gigabit support, and negotiation is restarted.
fn config_aneg_after_reset() -> Vec<Access> {
    let advertised = ADVERTISE_ALL | ADVERTISE_PAUSE_CAP | ADVERTISE_PAUSE_ASYM;
    vec![
        r(MII_ADVERTISE, ADVERTISE_ALL | ADVERTISE_CSMA),
        w(MII_ADVERTISE, advertised | ADVERTISE_CSMA),
        r(MII_BMSR, BMSR_IDLE),
        r(MII_BMCR, BMCR_DEFAULT),
        w(MII_BMCR, BMCR_DEFAULT | BMCR_ANRESTART),
    ]
}

/// genphy_update_link() with the link down: BMCR, then BMSR twice (latched low).
fn update_link_down() -> Vec<Access> {
    vec![
        r(MII_BMCR, BMCR_DEFAULT),
        r(MII_BMSR, BMSR_IDLE),
        r(MII_BMSR, BMSR_IDLE),
    ]
}

#[test]
fn phylib_binds_each_chip_by_id_and_mask() {
    let _loaded = load();
    let bus = Bus::new();
    for (addr, id) in [
        (1, AX88772A),
        (2, AX88772C),
        (3, AX88796B_REV9),
        (4, 0x0022_1556),
    ] {
        bus.add_phy(addr, id);
    }
    let a = bus.scan(1).expect("scan");
    // Probe reads the id, then BMSR for the abilities (no probe callback, no features).
    assert_eq!(
        bus.take_traffic(1),
        [
            r(MII_PHYSID1, 0x003b),
            r(MII_PHYSID2, 0x1861),
            r(MII_BMSR, BMSR_IDLE)
        ]
    );
    let c = bus.scan(2).expect("scan");
    let b = bus.scan(3).expect("scan");
    let other = bus.scan(4).expect("scan");
    assert_eq!(a.driver().as_deref(), Some("Asix Electronics AX88772A"));
    assert_eq!(c.driver().as_deref(), Some("Asix Electronics AX88772C"));
    assert_eq!(
        b.driver().as_deref(),
        Some("Asix Electronics AX88796B"),
        "model mask: any revision"
    );
    assert_eq!(other.driver(), None, "a Micrel PHY is not ours");
    assert!(a.with(|p| p.is_internal() != 0), "PHY_IS_INTERNAL");
    assert!(b.with(|p| p.is_internal() == 0));
    assert_eq!(a.state(), state(DeviceState::Ready));
    assert_eq!(a.refs(), 1);
}

#[test]
fn attach_resets_through_the_toggle_and_resumes() {
    let _loaded = load();
    let bus = Bus::new();
    bus.add_phy(1, AX88772A);
    bus.add_phy(3, AX88796B_REV9);
    let a = bus.scan(1).expect("scan");
    let b = bus.scan(3).expect("scan");
    bus.clear_traffic();

    let slept = core_model::slept_ms();
    a.attach().expect("attach");
    assert_eq!(
        core_model::slept_ms() - slept,
        2 * 50 + 1,
        "50 ms before each read of BMCR, 1 ms after the reset bit clears"
    );
    let mut expected = asix_soft_reset();
    // genphy_resume(): clear BMCR_PDOWN, which is already clear: read only.
    expected.push(r(MII_BMCR, BMCR_DEFAULT));
    assert_eq!(bus.take_traffic(1), expected);
    assert_eq!(a.refs(), 2, "the MAC holds a reference while attached");

    // A second reset works too: the toggle re-arms the chip's reset each time.
    a.detach();
    bus.clear_traffic();
    a.attach().expect("second attach");
    assert_eq!(bus.take_traffic(1)[..5], asix_soft_reset()[..]);

    // The AX88796B has no resume callback: the reset is all.
    b.attach().expect("attach");
    assert_eq!(bus.take_traffic(3), asix_soft_reset());
    a.detach();
    b.detach();
    assert_eq!(a.refs(), 1);
}

#[test]
fn ax88772a_link_comes_up_after_its_renegotiation_quirk() {
    let _loaded = load();
    let bus = Bus::new();
    bus.add_phy(1, AX88772A);
    let phy = bus.scan(1).expect("scan");
    phy.attach().expect("attach");
    bus.cable(1, Some(PARTNER));
    bus.clear_traffic();

    phy.start();
    // phy_start(): resume (BMCR read, PDOWN already clear); PHY_UP runs
    // _phy_start_aneg(): config_aneg, then the link check, which finds it down.
    let mut expected = vec![r(MII_BMCR, BMCR_DEFAULT)];
    expected.extend([
        r(MII_ADVERTISE, ADVERTISE_ALL | ADVERTISE_CSMA),
        w(
            MII_ADVERTISE,
            ADVERTISE_ALL | ADVERTISE_PAUSE_CAP | ADVERTISE_PAUSE_ASYM | ADVERTISE_CSMA,
        ),
        r(MII_BMSR, BMSR_IDLE),
        r(MII_BMCR, BMCR_DEFAULT),
        w(MII_BMCR, BMCR_DEFAULT | BMCR_ANRESTART),
    ]);
    expected.extend(update_link_down());
    // UP -> NOLINK: link_change_notify resets the PHY (phy_init_hw -> soft_reset) and
    // renegotiates (_phy_start_aneg: config_aneg, then the link check again).
    expected.extend(asix_soft_reset());
    expected.extend(config_aneg_after_reset());
    expected.extend(update_link_down());
    assert_eq!(bus.take_traffic(1), expected);
    assert_eq!(phy.state(), state(DeviceState::NoLink));
    assert_eq!(phy.link_events(), (0, 1));

    // Negotiation completes; the next poll reads the link up.
    bus.settle(1);
    assert_eq!(phy.poll(), state(DeviceState::Running));
    assert_eq!(
        bus.take_traffic(1),
        [
            r(MII_BMCR, BMCR_DEFAULT),
            r(MII_BMSR, BMSR_LINK),
            r(MII_BMCR, BMCR_DEFAULT),
            r(MII_LPA, PARTNER_LPA),
        ]
    );
    assert_eq!((phy.speed(), phy.duplex()), (SPEED_100, DUPLEX_FULL));
    assert!(phy.link());
    assert_eq!(phy.link_events(), (1, 1));
    // phy_start() sets PHY_UP itself; the state machine's changes are what follow.
    assert_eq!(
        phy.transitions(),
        [state(DeviceState::NoLink), state(DeviceState::Running)]
    );

    // Steady link: one BMSR read while polling a link that is up.
    assert_eq!(phy.poll(), state(DeviceState::Running));
    assert_eq!(
        bus.take_traffic(1),
        [
            r(MII_BMCR, BMCR_DEFAULT),
            r(MII_BMSR, BMSR_LINK),
            r(MII_BMCR, BMCR_DEFAULT),
            r(MII_LPA, PARTNER_LPA),
        ]
    );

    // Cable pulled: the latched-low BMSR shows it; NOLINK again, and the quirk resets.
    bus.cable(1, None);
    assert_eq!(phy.poll(), state(DeviceState::NoLink));
    let traffic = bus.take_traffic(1);
    assert_eq!(
        traffic[..2],
        [r(MII_BMCR, BMCR_DEFAULT), r(MII_BMSR, BMSR_IDLE)]
    );
    assert_eq!(traffic[2..7], asix_soft_reset()[..], "reset on link loss");
    assert_eq!(phy.link_events(), (1, 2));
    assert!(!phy.link());

    phy.stop();
    // PHY_HALTED: no link to report down again; suspended through BMCR_PDOWN.
    assert_eq!(
        bus.take_traffic(1),
        [
            r(MII_BMCR, BMCR_DEFAULT),
            w(MII_BMCR, BMCR_DEFAULT | BMCR_PDOWN)
        ]
    );
    assert!(phy.with(|p| p.suspended() != 0));
    phy.detach();
}

#[test]
fn ax88772a_takes_speed_from_bmcr_when_lpa_reads_zero_and_ax88772c_does_not() {
    let _loaded = load();
    let bus = Bus::new();
    bus.add_phy(1, AX88772A);
    bus.add_phy(2, AX88772C);
    let a = bus.scan(1).expect("scan");
    let c = bus.scan(2).expect("scan");
    for (addr, phy) in [(1, &a), (2, &c)] {
        bus.lpa_reads_zero(addr);
        bus.cable(addr, Some(PARTNER));
        phy.attach().expect("attach");
        phy.start();
        bus.settle(addr);
        assert_eq!(phy.poll(), state(DeviceState::Running));
    }
    assert_eq!(
        (a.speed(), a.duplex()),
        (SPEED_100, DUPLEX_FULL),
        "BMCR's default"
    );
    assert_eq!(
        (c.speed(), c.duplex()),
        (SPEED_UNKNOWN, DUPLEX_UNKNOWN),
        "genphy_read_status cannot resolve LPA = 0"
    );
    // The AX88772C has no link_change_notify: its NOLINK step did not reset the PHY.
    assert_eq!(c.link_events(), (1, 1));
    for phy in [&a, &c] {
        phy.stop();
        phy.detach();
    }
}

#[test]
fn suspend_and_resume_power_the_phy_down_and_up() {
    let _loaded = load();
    let bus = Bus::new();
    bus.add_phy(2, AX88772C);
    bus.add_phy(3, AX88796B_REV9);
    let c = bus.scan(2).expect("scan");
    let b = bus.scan(3).expect("scan");
    c.attach().expect("attach");
    b.attach().expect("attach");
    bus.clear_traffic();

    c.suspend().expect("suspend");
    assert_eq!(
        bus.take_traffic(2),
        [
            r(MII_BMCR, BMCR_DEFAULT),
            w(MII_BMCR, BMCR_DEFAULT | BMCR_PDOWN)
        ]
    );
    assert_ne!(bus.register(2, MII_BMCR) & BMCR_PDOWN, 0);
    c.suspend().expect("suspend again");
    assert!(
        bus.take_traffic(2).is_empty(),
        "already suspended: phylib skips it"
    );

    c.resume().expect("resume");
    assert_eq!(
        bus.take_traffic(2),
        [
            r(MII_BMCR, BMCR_DEFAULT | BMCR_PDOWN),
            w(MII_BMCR, BMCR_DEFAULT)
        ]
    );
    assert!(c.with(|p| p.suspended() == 0));

    b.suspend().expect("no suspend callback");
    b.resume().expect("no resume callback");
    assert!(
        bus.take_traffic(3).is_empty(),
        "the AX88796B has no PM callbacks"
    );
    c.detach();
    b.detach();
}

#[test]
fn mdio_errors_surface_as_errno_and_the_error_state() {
    let _loaded = load();
    let bus = Bus::new();
    bus.add_phy(1, AX88772A);
    let phy = bus.scan(1).expect("scan");
    let refs = phy.refs();

    // The first write of the reset fails: attach fails and drops its reference.
    bus.fail_access(0, EIO.to_errno());
    assert_eq!(phy.attach(), Err(EIO.to_errno()));
    assert_eq!(phy.refs(), refs);

    // Each access of the reset and resume path failing in turn gives its errno back.
    for step in 0..6 {
        bus.fail_access(step, EIO.to_errno());
        assert_eq!(phy.attach(), Err(EIO.to_errno()), "access {step}");
        assert_eq!(phy.refs(), refs);
    }

    phy.attach().expect("attach");
    bus.cable(1, Some(PARTNER));
    phy.start();
    bus.settle(1);
    assert_eq!(phy.poll(), state(DeviceState::Running));
    // read_status's first BMCR read fails: phylib moves to PHY_ERROR, then halts.
    bus.fail_access(0, EIO.to_errno());
    assert_eq!(phy.poll(), state(DeviceState::Error));
    assert_eq!(phy.poll(), state(DeviceState::Error));
    assert!(!phy.link(), "the error state reports the link down");
    phy.detach();
}

#[test]
fn scan_errors_and_unload_with_bound_phys() {
    let mut loaded = load();
    let bus = Bus::new();
    bus.add_phy(1, AX88772A);
    bus.fail_access(1, ENXIO.to_errno());
    assert_eq!(
        bus.scan(1).err(),
        Some(ENXIO.to_errno()),
        "PHYSID2 read failed"
    );
    assert!(bus.scan(7).is_err(), "no PHY answers at 7");
    let phy = bus.scan(1).expect("scan");
    assert!(phy.driver().is_some());
    // Unloading the module unbinds the PHY; the device itself stays on the bus.
    assert_eq!(loaded.unload(), Ok(()), "rmmod");
    assert_eq!(phy.driver(), None);
    assert_eq!(phy.state(), state(DeviceState::Down));
    assert_eq!(phy::registered_drivers(), 0);
    drop(phy);
    drop(bus);
    drop(loaded);
}

/// What the chips' reset quirk does to a driver that does not work around it: the reset
/// of genphy_soft_reset() without the BMCR = 0 write first.
struct NaiveReset;

#[vtable]
impl kernel::net::phy::Driver for NaiveReset {
    const NAME: &'static CStr = c"genphy reset only";
    const DEVICE_ID: kernel::net::phy::DeviceId =
        kernel::net::phy::DeviceId::new_with_exact_mask(NAIVE_ID);

    fn soft_reset(dev: &kernel::net::phy::UnlockedDevice) -> Result {
        dev.modify(MII_BMCR, BMCR_ISOLATE, BMCR_RESET | BMCR_ANRESTART)?;
        for _ in 0..13 {
            kernel::delay::msleep(50);
            if dev.read(MII_BMCR)? & BMCR_RESET == 0 {
                return Ok(());
            }
        }
        Err(ETIMEDOUT)
    }
}

/// An ASIX chip under an id only `NaiveReset` matches.
const NAIVE_ID: u32 = 0x003b_18f1;

#[kernel_driver(
    name = "naive_reset",
    license = "GPL",
    drivers = [NaiveReset],
    device_table = "mdio"
)]
struct Naive(kernel::net::phy::Registration);

#[test]
fn without_the_toggle_the_second_reset_never_finishes() {
    let _loaded = load();
    assert_eq!(loader::load::<Naive>(c""), Ok(()));
    let bus = Bus::new();
    bus.add_phy(1, NAIVE_ID);
    let phy = bus.scan(1).expect("scan");
    assert_eq!(phy.driver().as_deref(), Some("genphy reset only"));
    phy.attach()
        .expect("the first reset toggles the bit from its power-on 0");
    phy.detach();
    bus.clear_traffic();
    assert_eq!(phy.attach(), Err(ETIMEDOUT.to_errno()));
    let traffic = bus.take_traffic(1);
    assert_eq!(
        traffic[..2],
        [
            r(MII_BMCR, BMCR_DEFAULT),
            w(MII_BMCR, BMCR_DEFAULT | BMCR_RESET | BMCR_ANRESTART)
        ]
    );
    let polls = &traffic[2..];
    assert_eq!(polls.len(), 13, "phy_poll_reset: 600 ms at 50 ms per read");
    assert!(
        polls
            .iter()
            .all(|a| *a == r(MII_BMCR, BMCR_DEFAULT | BMCR_RESET))
    );
    drop(phy);
    assert_eq!(loader::unload::<Naive>(), Ok(()));
}
