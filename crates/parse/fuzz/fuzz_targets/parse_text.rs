//! Any UTF-8 text, read both as copied text and as HTML; two reports read
//! from it are checked together (the cross-year rules). Must never panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let as_text = gongkai_parse::parse_text(text);
    let as_html = gongkai_parse::parse_html(text);
    for checked in gongkai_parse::check_all(vec![as_text, as_html]) {
        let _ = checked.to_json().to_string();
    }
});
