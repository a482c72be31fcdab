//! Any bytes as an HTML page: the html5ever tokenizer, the `<meta charset>`
//! decoding and the table builder with its caps (merged cells, nesting), then
//! the checks and the JSON. Must never panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // By content: an input with markup (or a `<meta charset>` naming GBK or
    // Big5) takes the HTML path, with its own decoding.
    let mut reports = Vec::new();
    if let Ok(parsed) = gongkai_parse::parse_bytes("fuzz", data) {
        reports.push(parsed);
    }
    // And the same bytes forced down the HTML path as a page's text.
    reports.push(gongkai_parse::parse_html(&String::from_utf8_lossy(data)));
    for checked in gongkai_parse::check_all(reports) {
        let _ = checked.to_json().to_string();
    }
});
