//! The CSV event-log reader: any bytes give items or an error, never a panic; with default
//! options and with bad rows skipped. The header preview and the kind detection too.
#![no_main]

use flowmap_connectors::eventlog::{detect_kind, CsvLog, CsvOptions};
use flowmap_connectors::SourceItem;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = flowmap_fuzz::input_file("log.csv", data);
    let _ = detect_kind(&path);
    for skip_bad_rows in [false, true] {
        let options = CsvOptions {
            skip_bad_rows,
            ..CsvOptions::default()
        };
        let log = CsvLog::new(&path, options);
        let mut items: Vec<SourceItem> = Vec::new();
        let _ = log.read(&mut items);
        let _ = log.head(5);
    }
});
