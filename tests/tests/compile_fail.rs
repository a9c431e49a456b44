//! The soundness claims, proven by programs that must not compile (tests/ui/*.rs, with
//! the expected compiler output beside each).

#[test]
fn soundness_claims_hold_at_compile_time() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
}
