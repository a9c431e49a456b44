//! The soundness claims, proven by programs that must not compile (tests/ui/*.rs, with
//! the expected compiler output beside each), and by their counterparts that must
//! (tests/ui/pass/). With a program to build, trybuild builds every case instead of only
//! checking it, so errors found when generic code is instantiated (a `const` assertion on
//! the driver's type, as for hole 8) count too.

#[test]
fn soundness_claims_hold_at_compile_time() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
    cases.pass("ui/pass/*.rs");
}
