//! The ActionableAgile reader: any bytes give items or an error, never a panic; with default
//! options and with bad rows skipped.
#![no_main]

use flowmap_connectors::eventlog::{ActionableAgileLog, ActionableAgileOptions};
use flowmap_connectors::SourceItem;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = flowmap_fuzz::input_file("actionable-agile.csv", data);
    for skip_bad_rows in [false, true] {
        let options = ActionableAgileOptions {
            skip_bad_rows,
            ..ActionableAgileOptions::default()
        };
        let mut items: Vec<SourceItem> = Vec::new();
        let _ = ActionableAgileLog::new(&path, options).read(&mut items);
    }
});
