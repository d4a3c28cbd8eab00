//! What the CLI's lineage and OCEL tests share: running `flowmap`, and checking an OCEL JSON
//! log against the published OCEL 2.0 JSON schema.

#![allow(dead_code)] // each test binary uses its own part

use std::path::Path;
use std::process::{Command, Output};

pub fn flowmap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_flowmap"))
        .args(args)
        .output()
        .expect("run flowmap")
}

/// `flowmap ARGS`, which must succeed: its standard output.
pub fn ok(args: &[&str]) -> String {
    let out = flowmap(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `flowmap ARGS`, which must fail: its standard error.
pub fn fails(args: &[&str]) -> String {
    let out = flowmap(args);
    assert!(!out.status.success(), "{args:?} should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Errors of an OCEL JSON log against the published OCEL 2.0 JSON schema
/// (`tests/fixtures/ocel/ocel20-schema-json.json`), `date-time` formats checked.
pub fn ocel_schema_errors(log: &serde_json::Value) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/ocel/ocel20-schema-json.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    validator
        .iter_errors(log)
        .map(|e| format!("{e} (at {})", e.instance_path))
        .collect()
}
