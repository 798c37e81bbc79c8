//! The fast companion of `check`: the same split of the input into files,
//! held in memory (`Registry::from_texts`) and without rendering, so that
//! many more inputs per second reach the parser, the model and the rules.
//! The body is in `tests/harness/fuzz.rs`.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/harness/fuzz.rs"]
mod harness;

fuzz_target!(|data: &[u8]| harness::check_texts(data));
