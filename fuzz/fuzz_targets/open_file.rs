//! `MapFile::open` on any bytes: a map file or an error, never a panic or a hang. A file that
//! opens is read too (its map, its counts).
#![no_main]

use flowmap_store::MapFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = flowmap_fuzz::input_file("map.flowmap", data);
    if let Ok(map) = MapFile::open(&path) {
        let _ = map.load();
        let _ = map.counts();
    }
});
