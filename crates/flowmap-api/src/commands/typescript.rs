//! What is generated from the command declarations: the UI's typed calls
//! (`ui/src/generated/commands.ts`) and the app window's capability (which commands it may
//! invoke). A test (`tests/wire_is_fresh.rs`) fails when either committed file is stale.

use super::{all, Command, Effect};
use std::collections::BTreeSet;
use std::fmt::Write;

/// `snake_case` → `camelCase`.
fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The wire types a TypeScript type expression names (`RecoveryInfo | null` → `RecoveryInfo`).
fn named_types(expression: &str, into: &mut BTreeSet<String>) {
    const BUILT_IN: [&str; 3] = ["Array", "Record", "Partial"];
    for word in expression.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
        if word.starts_with(|c: char| c.is_ascii_uppercase()) && !BUILT_IN.contains(&word) {
            into.insert(word.to_string());
        }
    }
}

fn doc_comment(doc: &str, out: &mut String) {
    let lines: Vec<&str> = doc
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        return;
    }
    out.push_str("/**\n");
    for line in lines {
        let _ = writeln!(out, " * {}", line.replace("*/", "*\\/"));
    }
    out.push_str(" */\n");
}

fn call(command: &Command, out: &mut String) {
    let args = (command.args)();
    let params: Vec<String> = args
        .iter()
        .map(|(name, ty)| format!("{}: {ty}", camel(name)))
        .collect();
    let keys: Vec<String> = args.iter().map(|(name, _)| camel(name)).collect();
    let keys = if keys.is_empty() {
        "{}".to_string()
    } else {
        format!("{{ {} }}", keys.join(", "))
    };
    doc_comment(command.doc, out);
    let _ = writeln!(
        out,
        "export const {} = ({}): Promise<{}> => call('{}', {});",
        camel(command.name),
        params.join(", "),
        (command.result)(),
        command.name,
        keys,
    );
}

/// `ui/src/generated/commands.ts`: one typed function per command, calling the transport
/// (`ui/src/transport.ts`: Tauri's `invoke` in the app, `fetch` to `flowmap-http` in a
/// browser), and `COMMANDS`, each command's name and whether it changes the map.
pub fn typescript() -> String {
    let mut types = BTreeSet::new();
    for command in all() {
        for (_, ty) in (command.args)() {
            named_types(&ty, &mut types);
        }
        named_types(&(command.result)(), &mut types);
    }
    let mut out = String::from(
        "// Generated from the command declarations (crates/flowmap-api/src/commands/) by\n\
         // `scripts/gen-wire.sh`. Do not edit: a test fails when this file is stale.\n\n",
    );
    let types: Vec<String> = types.into_iter().collect();
    let _ = writeln!(out, "import type {{ {} }} from './wire';", types.join(", "));
    out.push_str("import { call } from '../transport';\n");
    for command in all() {
        out.push('\n');
        call(command, &mut out);
    }
    out.push_str("\n/** Every command, and whether it can change the open map. */\nexport const COMMANDS = {\n");
    for command in all() {
        let changes = command.effect == Effect::ChangesMap;
        let _ = writeln!(out, "  {}: {{ changesMap: {changes} }},", command.name);
    }
    out.push_str("} as const;\n\nexport type CommandName = keyof typeof COMMANDS;\n");
    out
}

/// Permissions of the app window beside its commands: listening to the app's events, and the
/// menu API the UI builds the native menu with from its registered actions.
const WINDOW_PERMISSIONS: [&str; 3] = [
    "core:event:allow-listen",
    "core:event:allow-unlisten",
    "core:menu:default",
];

/// `src-tauri/capabilities/main-window.json`: the window may invoke every declared command
/// (each behind the permission `allow-<name>` that `src-tauri/build.rs` declares from
/// [`super::all`]) and the [`WINDOW_PERMISSIONS`].
pub fn tauri_permissions() -> String {
    let permissions: Vec<String> = WINDOW_PERMISSIONS
        .iter()
        .map(|p| p.to_string())
        .chain(
            all()
                .iter()
                .map(|c| format!("allow-{}", c.name.replace('_', "-"))),
        )
        .collect();
    let capability = serde_json::json!({
        "$schema": "../gen/schemas/desktop-schema.json",
        "identifier": "main-window",
        "description": "Generated from the command declarations in crates/flowmap-api/src/commands by scripts/gen-wire.sh; do not edit. What the map window may call: the app's own commands, listening to the app's events (a close request), and the menu API the UI builds the native menu with. File dialogs open from the Rust side (choose_path), so the page gets no dialog or file-system permission.",
        "windows": ["main"],
        "permissions": permissions,
    });
    let mut text = serde_json::to_string_pretty(&capability).unwrap_or_default();
    text.push('\n');
    text
}

/// The names of every command, one per line: what `src-tauri/build.rs` declares to Tauri.
pub fn command_names() -> String {
    all().iter().map(|c| format!("{}\n", c.name)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_camel_case() {
        assert_eq!(camel("save_map_as"), "saveMapAs");
        assert_eq!(camel("undo"), "undo");
        assert_eq!(camel("data_url"), "dataUrl");
    }

    #[test]
    fn type_names_are_found_in_expressions() {
        let mut found = BTreeSet::new();
        named_types("RecoveryInfo | null", &mut found);
        named_types("Array<EdgeView>", &mut found);
        named_types("string", &mut found);
        assert_eq!(
            found.into_iter().collect::<Vec<_>>(),
            ["EdgeView", "RecoveryInfo"]
        );
    }
}
