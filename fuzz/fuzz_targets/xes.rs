//! The XES reader: any bytes give items or an error, never a panic; with default options and
//! with bad events skipped.
#![no_main]

use flowmap_connectors::eventlog::{XesLog, XesOptions};
use flowmap_connectors::SourceItem;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = flowmap_fuzz::input_file("log.xes", data);
    for skip_bad_rows in [false, true] {
        let options = XesOptions {
            skip_bad_rows,
            ..XesOptions::default()
        };
        let mut items: Vec<SourceItem> = Vec::new();
        let _ = XesLog::new(&path, options).read(&mut items);
    }
});
