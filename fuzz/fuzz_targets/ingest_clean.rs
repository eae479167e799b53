//! Fuzz target `ingest_clean`: see `newsgraph_fuzz::ingest_clean`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        // One document at a time: no worker threads to compete with the fuzzer.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(1).build_global();
    },
    |data: &[u8]| newsgraph_fuzz::ingest_clean(data)
);
