use flowmap_core::MapError;
use flowmap_store::StoreError;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What kind of failure an [`ApiError`] is, for the UI to branch on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    NotAFlowmapFile,
    NewerVersion,
    Corrupt,
    InvalidMap,
    /// The state mapping cannot be used (a state in two stages).
    InvalidMapping,
    InvalidJson,
    InvalidArgument,
    Io,
    Internal,
    /// An event log could not be read (the message names the file, line and column).
    InvalidLog,
    /// A source refused the credentials (HTTP 401).
    Unauthorized,
    /// A source accepted the credentials but may not be read with them (HTTP 403).
    Forbidden,
    /// No token was found in the environment or the keychain.
    MissingCredential,
    /// A source's host could not be reached.
    Unreachable,
    /// A source's rate limit is exhausted for longer than a sync waits.
    RateLimited,
    /// A source answered with an error or with data that cannot be read.
    SourceFailed,
    /// The sync was cancelled; the file is unchanged.
    Cancelled,
    /// Another program kept the file locked (writing it) for longer than a command waits;
    /// nothing was changed and the command can be tried again.
    Busy,
    /// Save refused: another program changed the map since it was opened; nothing was saved.
    /// Save As keeps this version; reopening shows the other.
    MapChanged,
    /// The map has no file yet (a new map): it must be saved first.
    Unsaved,
    /// A record (e.g. a key result) was changed or removed by another program since it was
    /// read; nothing was written.
    RecordChanged,
}

/// An error as it crosses to the UI or the terminal: a code and a message that names the file,
/// item or field concerned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
        }
    }

    pub fn invalid_argument(message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::InvalidArgument, message)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            StoreError::NotFound { .. } => ErrorCode::NotFound,
            StoreError::NotAFlowmapFile { .. } => ErrorCode::NotAFlowmapFile,
            StoreError::NewerVersion { .. } => ErrorCode::NewerVersion,
            StoreError::Corrupt { .. } => ErrorCode::Corrupt,
            StoreError::InvalidMap { .. } => ErrorCode::InvalidMap,
            StoreError::Json { .. } => ErrorCode::InvalidJson,
            StoreError::InvalidData { .. } => ErrorCode::InvalidJson,
            StoreError::Io { .. } => ErrorCode::Io,
            StoreError::Sqlite { .. } => ErrorCode::Internal,
            StoreError::Busy { .. } => ErrorCode::Busy,
            StoreError::MapChanged { .. } => ErrorCode::MapChanged,
            StoreError::RecordChanged { .. } => ErrorCode::RecordChanged,
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<MapError> for ApiError {
    fn from(e: MapError) -> Self {
        ApiError::new(ErrorCode::InvalidMap, e.to_string())
    }
}
