//! Links read from an item's text (`docs/sources.md`, "Links between items"): issue keys in the
//! style of Jira (`ABC-123`) mentioned in a pull or merge request's title or description, and
//! "fixes #12" / "closes #12" / "resolves #12" (GitHub's and GitLab's closing keywords, any
//! case, with or without a colon) for an issue of the same repository.

use crate::connector::SourceLink;
use flowmap_core::{LinkKind, LinkTarget};

/// The source marker of a link to an item of the item's own source (the writer fills in the
/// source's name: a connector does not know it).
pub const SAME_SOURCE: &str = "";

const CLOSING: [&str; 9] = [
    "fix", "fixes", "fixed", "close", "closes", "closed", "resolve", "resolves", "resolved",
];

/// Names of standards, encodings, hashes and advisories written like keys (`UTF-8`, `SHA-256`,
/// `ISO-8601`, `CVE-2024`…): commit messages are full of them, and no tracker's project is
/// named so.
const NOT_PROJECTS: [&str; 22] = [
    "AES", "ASCII", "CP", "CVE", "CWE", "ECMA", "ES", "GHSA", "GPL", "HTTP", "IEC", "IEEE", "ISO",
    "LGPL", "MD", "PEP", "RFC", "RSA", "SHA", "SSL", "TLS", "UTF",
];

/// Jira-style keys in `text`: an upper-case letter, then upper-case letters, digits or `_`, a
/// dash and digits, standing alone (not inside a longer word, not a version like `V-2` after a
/// letter), the project not one of [`NOT_PROJECTS`]. In order of first mention, each once.
pub fn issue_keys(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts = b[i].is_ascii_uppercase() && (i == 0 || !is_word(b[i - 1]));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < b.len() && (b[j].is_ascii_uppercase() || b[j].is_ascii_digit() || b[j] == b'_') {
            j += 1;
        }
        if j + 1 < b.len() && b[j] == b'-' && b[j + 1].is_ascii_digit() && j - i >= 2 {
            let mut k = j + 1;
            while k < b.len() && b[k].is_ascii_digit() {
                k += 1;
            }
            // A dash may follow ("PAY-981-refund", a branch name), a letter or digit may not.
            let standard = NOT_PROJECTS.contains(&&text[i..j]);
            if !standard && (k == b.len() || !(b[k].is_ascii_alphanumeric() || b[k] == b'_')) {
                let key = &text[i..k];
                if !out.iter().any(|o| o == key) {
                    out.push(key.to_string());
                }
            }
            i = k;
        } else {
            i = j;
        }
    }
    out
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

/// The issue numbers a closing keyword names in `text` ("Fixes #12, closes #14": 12 and 14).
pub fn closed_issues(text: &str) -> Vec<u64> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    for pair in words.windows(2) {
        let keyword = pair[0].trim_end_matches(':').to_ascii_lowercase();
        if !CLOSING.contains(&keyword.as_str()) {
            continue;
        }
        let Some(n) = pair[1]
            .strip_prefix('#')
            .map(|n| n.trim_end_matches(['.', ';', ':']))
            .and_then(|n| n.parse::<u64>().ok())
        else {
            continue;
        };
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// The links a pull or merge request's title and description tell: `fixes` to the issues its
/// closing keywords name (in its own source, `#N`), `mentions` to the Jira-style keys.
pub fn request_links(title: &str, description: &str) -> Vec<SourceLink> {
    let text = format!("{title}\n{description}");
    let mut links: Vec<SourceLink> = closed_issues(&text)
        .into_iter()
        .map(|n| SourceLink {
            kind: LinkKind::Fixes,
            target: LinkTarget {
                source: Some(SAME_SOURCE.to_string()),
                key: format!("#{n}"),
            },
            qualifier: String::new(),
        })
        .collect();
    links.extend(issue_keys(&text).into_iter().map(|key| SourceLink {
        kind: LinkKind::Mentions,
        target: LinkTarget { source: None, key },
        qualifier: String::new(),
    }));
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jira_keys_standing_alone_once_each() {
        assert_eq!(
            issue_keys("FLOW-12: fix the save (see FLOW-12, ABC_X-7 and OPS2-100)"),
            ["FLOW-12", "ABC_X-7", "OPS2-100"]
        );
        // Not inside words, not single letters, not lower case, not without digits.
        assert!(issue_keys("aFLOW-12 V-2 flow-3 UTF-8x FLOW- X-Y").is_empty());
        assert_eq!(issue_keys("feature/PAY-981-refund"), ["PAY-981"]);
        // Standards and advisories are not projects.
        assert_eq!(
            issue_keys("UTF-8, SHA-256, ISO-8601, CVE-2024-3094 and RFC-3339 for PAY-2"),
            ["PAY-2"]
        );
    }

    #[test]
    fn closing_keywords_any_case_with_or_without_a_colon() {
        assert_eq!(
            closed_issues("Fixes #12, closes #14. Resolved: #3; also see #99 and fix #12"),
            [12, 14, 3]
        );
        assert!(closed_issues("prefix #12 #13 fixes").is_empty());
    }

    #[test]
    fn a_request_fixes_its_issues_and_mentions_keys() {
        let links = request_links("PAY-981 refunds", "Closes #40");
        assert_eq!(links.len(), 2);
        assert_eq!(links[0].kind, LinkKind::Fixes);
        assert_eq!(links[0].target.source.as_deref(), Some(SAME_SOURCE));
        assert_eq!(links[0].target.key, "#40");
        assert_eq!(links[1].kind, LinkKind::Mentions);
        assert_eq!(
            links[1].target,
            LinkTarget {
                source: None,
                key: "PAY-981".into()
            }
        );
    }
}
