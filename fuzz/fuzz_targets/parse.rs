//! See `pyroql::fuzz_checks::parse_bytes`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| pyroql::fuzz_checks::parse_bytes(data));
