//! Tokens, from an environment variable or the OS keychain, never from the map file.
//!
//! A source named `jira-cloud` looks for its token in `FLOWMAP_TOKEN_JIRA_CLOUD` (the name
//! upper-cased, every other character than a letter or digit turned into `_`) and for the user
//! of basic authentication in `FLOWMAP_USER_JIRA_CLOUD`. Without the variable it asks the OS
//! keychain for the entry of service `flowmap` and account `<the source's URL>`, which holds
//! the token, or `{"user": "…", "token": "…"}`. Where there is no keychain (CI, a server), the
//! lookup says so in one sentence and points at the variable.
//!
//! [`Secret`] holds the token: its `Debug` prints `***` and it has no `Display`, so it cannot
//! end up in a log or an error message by accident.

use crate::error::ConnectorError;
use std::fmt;

/// A token. Never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The token itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// What a source authenticates with: a token, and for basic authentication a user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credential {
    /// The user (an e-mail for Jira Cloud, a user name for Jenkins) when the token goes with
    /// basic authentication.
    pub user: Option<String>,
    pub token: Secret,
}

const SERVICE: &str = "flowmap";

/// The environment variable that holds the token of the source named `source`.
pub fn token_env_var(source: &str) -> String {
    format!("FLOWMAP_TOKEN_{}", env_suffix(source))
}

/// The environment variable that holds the user of the source named `source`.
pub fn user_env_var(source: &str) -> String {
    format!("FLOWMAP_USER_{}", env_suffix(source))
}

fn env_suffix(source: &str) -> String {
    source
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// Looks up the credential of the source named `source` at `url`: the environment first, then
/// the keychain. `Ok(None)` when there is none; an error only when `required` and none was
/// found (naming the variable to set and, if the keychain failed, why).
pub fn lookup(
    source: &str,
    url: &str,
    required: bool,
) -> Result<Option<Credential>, ConnectorError> {
    let env_user = std::env::var(user_env_var(source))
        .ok()
        .filter(|u| !u.is_empty());
    if let Ok(token) = std::env::var(token_env_var(source)) {
        if !token.is_empty() {
            return Ok(Some(Credential {
                user: env_user,
                token: Secret(token),
            }));
        }
    }
    match keychain_get(url) {
        Ok(Some(mut credential)) => {
            if env_user.is_some() {
                credential.user = env_user;
            }
            Ok(Some(credential))
        }
        Ok(None) if required => Err(ConnectorError::MissingCredential {
            source_name: source.to_string(),
            env_var: token_env_var(source),
            keychain: None,
        }),
        Ok(None) => Ok(None),
        Err(reason) if required => Err(ConnectorError::MissingCredential {
            source_name: source.to_string(),
            env_var: token_env_var(source),
            keychain: Some(format!("the OS keychain is not available: {reason}")),
        }),
        Err(_) => Ok(None),
    }
}

fn keychain_get(url: &str) -> Result<Option<Credential>, String> {
    let entry = keyring::Entry::new(SERVICE, url).map_err(|e| describe_keyring_error(&e))?;
    match entry.get_password() {
        Ok(text) => Ok(Some(parse_stored(&text))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(describe_keyring_error(&e)),
    }
}

/// Whether this machine has an OS keychain Flowmap can use: `Err` says why not (no Secret
/// Service under a bare X server or in CI, access refused), in one short sentence.
pub fn keychain_status() -> Result<(), String> {
    match keychain_get("flowmap:keychain-check") {
        Ok(_) => Ok(()),
        Err(reason) => Err(reason),
    }
}

/// Stores the credential for `url` in the OS keychain.
pub fn store(source: &str, url: &str, credential: &Credential) -> Result<(), ConnectorError> {
    let text = match &credential.user {
        Some(user) => {
            serde_json::json!({"user": user, "token": credential.token.expose()}).to_string()
        }
        None => credential.token.expose().to_string(),
    };
    let fail = |e: keyring::Error| ConnectorError::Keychain {
        env_var: token_env_var(source),
        reason: describe_keyring_error(&e),
    };
    keyring::Entry::new(SERVICE, url)
        .map_err(fail)?
        .set_password(&text)
        .map_err(fail)
}

fn parse_stored(text: &str) -> Credential {
    if text.trim_start().starts_with('{') {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
            if let Some(token) = v.get("token").and_then(|t| t.as_str()) {
                return Credential {
                    user: v.get("user").and_then(|u| u.as_str()).map(str::to_string),
                    token: Secret(token.to_string()),
                };
            }
        }
    }
    Credential {
        user: None,
        token: Secret(text.trim().to_string()),
    }
}

/// A keyring error in one short sentence, without any secret (keyring errors hold none, but
/// their platform texts can be long).
fn describe_keyring_error(e: &keyring::Error) -> String {
    let text = match e {
        keyring::Error::PlatformFailure(inner) => format!("platform failure: {inner}"),
        keyring::Error::NoStorageAccess(inner) => format!("no access to the secret store: {inner}"),
        other => other.to_string(),
    };
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 160 {
        one_line.chars().take(160).collect::<String>() + "…"
    } else {
        one_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_names_follow_the_source_name() {
        assert_eq!(token_env_var("jira-cloud"), "FLOWMAP_TOKEN_JIRA_CLOUD");
        assert_eq!(user_env_var("My Jira"), "FLOWMAP_USER_MY_JIRA");
    }

    #[test]
    fn secrets_never_print() {
        let c = Credential {
            user: Some("a@b.c".into()),
            token: Secret::new("hunter2"),
        };
        assert!(!format!("{c:?}").contains("hunter2"));
    }

    #[test]
    fn stored_credentials_are_a_token_or_json() {
        assert_eq!(parse_stored("abc\n").token.expose(), "abc");
        let c = parse_stored(r#"{"user":"me@x.org","token":"t0k"}"#);
        assert_eq!(c.user.as_deref(), Some("me@x.org"));
        assert_eq!(c.token.expose(), "t0k");
    }

    #[test]
    fn the_environment_wins_and_a_missing_required_token_names_the_variable() {
        std::env::set_var("FLOWMAP_TOKEN_SECRET_TEST_A", "tok");
        std::env::set_var("FLOWMAP_USER_SECRET_TEST_A", "me");
        let c = lookup("secret-test-a", "http://127.0.0.1:9/", true)
            .unwrap()
            .unwrap();
        assert_eq!(c.token.expose(), "tok");
        assert_eq!(c.user.as_deref(), Some("me"));

        // No variable: whether or not this machine has a keychain, the message names the
        // variable to set (and never panics).
        let err = lookup("secret-test-b", "http://127.0.0.1:9/no-such-entry", true).unwrap_err();
        assert!(
            err.to_string().contains("FLOWMAP_TOKEN_SECRET_TEST_B"),
            "{err}"
        );
    }
}
