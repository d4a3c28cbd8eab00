//! The UI's TypeScript wire types are generated from Rust; this fails when the committed file is
//! stale. `scripts/gen-wire.sh` (FLOWMAP_WRITE_WIRE=1) rewrites it.

use std::path::PathBuf;

#[test]
fn generated_typescript_matches_the_rust_wire_types() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/generated/wire.ts");
    let expected = flowmap_api::wire::typescript();
    if std::env::var_os("FLOWMAP_WRITE_WIRE").is_some() {
        std::fs::write(&path, &expected).expect("write wire.ts");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "ui/src/generated/wire.ts is stale: run scripts/gen-wire.sh and commit the result"
    );
}
