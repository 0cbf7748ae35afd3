//! See `pyroql::fuzz_checks::matching`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| pyroql::fuzz_checks::matching(data));
