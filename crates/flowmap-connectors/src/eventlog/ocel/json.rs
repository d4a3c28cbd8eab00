//! OCEL 2.0's JSON format (<https://www.ocel-standard.org/specification/formats/json/>) read
//! into the model: the model's fields are the format's, so reading is deserializing.

use super::Ocel;
use crate::error::LogError;
use std::path::Path;

pub(super) fn read(path: &Path) -> Result<Ocel, LogError> {
    let file = std::fs::File::open(path).map_err(|e| LogError::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    serde_json::from_reader(std::io::BufReader::new(file)).map_err(|e| LogError::Row {
        path: path.to_path_buf(),
        line: e.line() as u64,
        message: format!("not an OCEL 2.0 JSON log: {e}"),
    })
}
