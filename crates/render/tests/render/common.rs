//! Helpers shared by the render crate's integration tests: whether the
//! external tools and fonts are present, unique names, text comparison.
#![allow(dead_code)] // each test file uses a part

use std::time::{SystemTime, UNIX_EPOCH};

pub fn require_all() -> bool {
    std::env::var_os("GONGKAI_TEST_REQUIRE_ALL").is_some()
}

/// Whether `program` can be run (looked up in PATH).
pub fn have(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|d| d.join(program).is_file()))
        .unwrap_or(false)
}

/// Returns false (after printing SKIPPED) when a tool is missing and the
/// environment does not require it; panics when it does.
pub fn tools_present(tools: &[(&str, &str)]) -> bool {
    let missing: Vec<String> = tools
        .iter()
        .filter(|(program, _)| !have(program))
        .map(|(program, package)| format!("{program} (Debian: {package})"))
        .collect();
    if missing.is_empty() {
        return true;
    }
    let msg = format!("missing {}", missing.join(", "));
    if require_all() {
        panic!("GONGKAI_TEST_REQUIRE_ALL is set but {msg}");
    }
    println!("SKIPPED: {msg}");
    false
}

pub fn skip_without_fonts() -> bool {
    if gongkai_render::font_available() {
        return false;
    }
    if require_all() {
        panic!("GONGKAI_TEST_REQUIRE_ALL is set but no Noto CJK font (Debian: fonts-noto-cjk)");
    }
    println!("SKIPPED: no Noto CJK font (Debian: fonts-noto-cjk)");
    true
}

pub fn unique(prefix: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{prefix}-{}-{nanos}", std::process::id())
}

pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Drops the page numbers `— n —` (which sit between a paragraph's halves
/// when it runs over a page) from squashed text.
pub fn strip_page_numbers(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '—' {
            let digits = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if digits > 0 && chars.get(i + 1 + digits) == Some(&'—') {
                i += digits + 2;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}
