#!/usr/bin/env python3
"""Fails when code outgrows the project's size limits.

The limits (ARCHITECTURE.md and the review rules):
- no Rust function in `crates/` or `src-tauri/` over 150 lines, counted from its `fn` line to
  its closing brace (attributes and doc comments above it do not count);
- no Rust file there over 600 lines (the whole file, in-file tests included), except files under
  a `tests/` directory and files that are test code only (see below);
- `ui/src/editor/Editor.tsx` no longer than 200 lines.

Test code is left out of the function limit, and test-only files out of the file limit:
- every file with a `tests` component in its path (integration tests, their `common/` modules);
- in any other file, the item that follows a `#[cfg(test)]` or `#[test]` attribute (normally
  `#[cfg(test)] mod tests { ... }`): the attribute is found in the source with its strings and
  comments blanked out, the item runs to its matching closing brace (or to its `;`), and no
  function inside it is measured;
- a file that starts with `#![cfg(test)]`, or that a parent declares as `#[cfg(test)] mod name;`
  (`name.rs` or `name/mod.rs` beside the parent, or in the parent's own folder), is test-only,
  and so is every module file it declares in turn.

Braces are matched on a copy of the source in which comments (line, block, nested block),
string literals (plain, byte, C and raw with any number of `#`) and char literals are replaced
by spaces, newlines kept; a `'` that does not open a char literal is a lifetime or a label.
This is not a Rust parser, but it is exact for the code this project writes.

Usage: python3 scripts/check-sizes.py [--report]
  Lists each offender as `path:line fn name — N lines` (a file as `path:1 file — N lines`)
  and exits 1 when there is any. With --report it lists the same and exits 0.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

FN_LIMIT = 150
FILE_LIMIT = 600
EDITOR = "ui/src/editor/Editor.tsx"
EDITOR_LIMIT = 200
RUST_ROOTS = ("crates", "src-tauri")
SKIPPED_DIRS = {"target", "node_modules", "gen"}

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
FN_RE = re.compile(r"\bfn\s+(?:r#)?(" + IDENT + r")")
TEST_ATTR_RE = re.compile(r"#\s*\[\s*(?:cfg\s*\(\s*test\s*\)|test)\s*\]")
INNER_TEST_ATTR_RE = re.compile(r"\A\s*(?:#!\s*\[[^\]]*\]\s*)*#!\s*\[\s*cfg\s*\(\s*test\s*\)\s*\]")
MOD_DECL_RE = re.compile(r"\bmod\s+(" + IDENT + r")\s*;")


@dataclass(frozen=True)
class Offender:
    path: str
    line: int
    what: str
    lines: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.what} — {self.lines} lines"


def blank(text: str) -> str:
    """The source with comments, strings and char literals replaced by spaces (newlines kept)."""
    out = list(text)
    n = len(text)
    i = 0

    def wipe(start: int, end: int) -> None:
        for k in range(start, min(end, n)):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = text[i]
        if c == "/" and text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            wipe(i, end)
            i = end
        elif c == "/" and text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            wipe(i, j)
            i = j
        elif c in "rbc" and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.compile(r'(?:br|cr|r)(#*)"').match(text, i)
            if m:  # raw string: ends at `"` followed by as many `#`
                close = '"' + m.group(1)
                end = text.find(close, m.end())
                end = n if end < 0 else end + len(close)
                wipe(i, end)
                i = end
            elif text.startswith(('b"', 'c"'), i):
                i = skip_quoted(text, i + 1, '"', wipe)
            elif text.startswith("b'", i):
                i = skip_quoted(text, i + 1, "'", wipe)
            else:
                i += 1
        elif c == '"':
            i = skip_quoted(text, i, '"', wipe)
        elif c == "'":
            # A char literal is 'x' or '\…'; anything else ('a, 'static, 'outer:) is a lifetime.
            if text.startswith("\\", i + 1) or (i + 2 < n and text[i + 2] == "'" and text[i + 1] != "'"):
                i = skip_quoted(text, i, "'", wipe)
            else:
                i += 1
        else:
            i += 1
    return "".join(out)


def skip_quoted(text: str, start: int, quote: str, wipe) -> int:
    """Blanks the literal opening at `start` (a quote) through its closing quote; returns the end."""
    j = start + 1
    n = len(text)
    while j < n and text[j] != quote:
        j += 2 if text[j] == "\\" else 1
    wipe(start, j + 1)
    return j + 1


def matching_brace(code: str, open_at: int) -> int:
    """The index of the `}` that closes the `{` at `open_at` (the end of the text when none)."""
    depth = 0
    for k in range(open_at, len(code)):
        if code[k] == "{":
            depth += 1
        elif code[k] == "}":
            depth -= 1
            if depth == 0:
                return k
    return len(code) - 1


def item_end(code: str, start: int) -> tuple[int, int | None]:
    """From `start` (inside an item's header), the item's end and where its body opens.

    The header ends at the first `{` (the body) or `;` (no body) outside parentheses and brackets,
    so that `[u8; 4]` in a signature does not end it.
    """
    depth = 0
    for k in range(start, len(code)):
        ch = code[k]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0 and ch == ";":
            return k, None
        elif depth == 0 and ch == "{":
            return matching_brace(code, k), k
    return len(code) - 1, None


def line_of(code: str, index: int) -> int:
    return code.count("\n", 0, index) + 1


def test_ranges(code: str) -> list[tuple[int, int]]:
    """Spans of items marked `#[cfg(test)]` or `#[test]`, attribute included."""
    ranges: list[tuple[int, int]] = []
    for m in TEST_ATTR_RE.finditer(code):
        if ranges and ranges[-1][0] <= m.start() <= ranges[-1][1]:
            continue
        j = m.end()
        # Further attributes of the same item.
        while True:
            rest = code[j:]
            stripped = rest.lstrip()
            j += len(rest) - len(stripped)
            if not stripped.startswith("#"):
                break
            close = code.find("]", j)
            if close < 0:
                break
            j = close + 1
        end, _ = item_end(code, j)
        ranges.append((m.start(), end))
    return ranges


def long_functions(code: str) -> list[tuple[int, str, int]]:
    """(line, name, length in lines) of every function outside test items."""
    skips = test_ranges(code)
    found = []
    for m in FN_RE.finditer(code):
        if any(a <= m.start() <= b for a, b in skips):
            continue
        end, body = item_end(code, m.end())
        if body is None:
            continue  # a declaration without a body (trait method, extern)
        first = line_of(code, m.start())
        found.append((first, m.group(1), line_of(code, end) - first + 1))
    return found


def line_count(text: str) -> int:
    return text.count("\n") + (0 if text.endswith("\n") or not text else 1)


def rust_files(root: Path) -> list[Path]:
    files = []
    for top in RUST_ROOTS:
        base = root / top
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*.rs")):
            parts = path.relative_to(root).parts
            if any(p in SKIPPED_DIRS or p.startswith(".") for p in parts[:-1]):
                continue
            files.append(path)
    return files


def declared_modules(path: Path, code: str, test_only: bool) -> list[tuple[Path, bool]]:
    """The files of the modules `path` declares with `mod name;`, and whether each is test-only."""
    if path.name in ("mod.rs", "lib.rs", "main.rs"):
        folder = path.parent
    else:
        folder = path.parent / path.stem
    skips = test_ranges(code)
    out = []
    for m in MOD_DECL_RE.finditer(code):
        is_test = test_only or any(a <= m.start() <= b for a, b in skips)
        for candidate in (folder / f"{m.group(1)}.rs", folder / m.group(1) / "mod.rs"):
            out.append((candidate, is_test))
    return out


def check(root: Path) -> list[Offender]:
    files = rust_files(root)
    sources = {p: p.read_text(encoding="utf-8", errors="replace") for p in files}
    blanked = {p: blank(t) for p, t in sources.items()}
    test_only = {p for p in files if "tests" in p.relative_to(root).parts[:-1]}
    test_only |= {p for p in files if INNER_TEST_ATTR_RE.match(blanked[p])}
    # Test-only modules declared by their parents, to a fixed point (a test module's children).
    changed = True
    while changed:
        changed = False
        for p in files:
            for child, is_test in declared_modules(p, blanked[p], p in test_only):
                if is_test and child in sources and child not in test_only:
                    test_only.add(child)
                    changed = True

    offenders = []
    for p in files:
        if p in test_only:
            continue
        rel = p.relative_to(root).as_posix()
        total = line_count(sources[p])
        if total > FILE_LIMIT:
            offenders.append(Offender(rel, 1, "file", total))
        for line, name, length in long_functions(blanked[p]):
            if length > FN_LIMIT:
                offenders.append(Offender(rel, line, f"fn {name}", length))

    editor = root / EDITOR
    if not editor.is_file():
        offenders.append(Offender(EDITOR, 1, "file (missing: update scripts/check-sizes.py)", 0))
    else:
        total = line_count(editor.read_text(encoding="utf-8", errors="replace"))
        if total > EDITOR_LIMIT:
            offenders.append(Offender(EDITOR, 1, "file", total))
    return sorted(offenders, key=lambda o: (o.path, o.line))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report", action="store_true", help="list the offenders, exit 0")
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    offenders = check(root)
    for o in offenders:
        print(o)
    limits = (
        f"functions ≤ {FN_LIMIT} lines, Rust files ≤ {FILE_LIMIT} lines, "
        f"{EDITOR} ≤ {EDITOR_LIMIT} lines"
    )
    if not offenders:
        print(f"check-sizes: nothing over the limits ({limits})")
        return 0
    sys.stdout.flush()
    print(f"check-sizes: {len(offenders)} over the limits ({limits})", file=sys.stderr)
    return 0 if args.report else 1


if __name__ == "__main__":
    sys.exit(main())
