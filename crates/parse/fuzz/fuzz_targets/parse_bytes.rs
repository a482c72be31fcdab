//! Any bytes: read as a file (DOCX, HTML or text, any encoding), then
//! checked, and the result written as JSON. Must never panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(parsed) = gongkai_parse::parse_bytes("fuzz", data) {
        for checked in gongkai_parse::check_all(vec![parsed]) {
            let _ = checked.to_json().to_string();
            let _ = checked.has_errors();
        }
    }
});
