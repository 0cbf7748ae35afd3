//! See `pyroql::fuzz_checks::perses`: any bytes are read (JSON or YAML), validated and executed
//! without panicking, every diagnostic has a position in the text, and a validated query runs
//! as its spec runs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| pyroql::fuzz_checks::perses(data));
