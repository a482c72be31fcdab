//! Any bytes as a PDF: `pdftotext -layout` under its time and size caps,
//! then the text reader on what it gives (or the refusal of a damaged or
//! scanned file), the checks and the JSON. Must never panic or hang.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Inputs without the header are not PDFs and never reach the PDF path.
    if !gongkai_parse::pdf::is_pdf(data) {
        return;
    }
    if let Ok(parsed) = gongkai_parse::parse_bytes("fuzz.pdf", data) {
        for checked in gongkai_parse::check_all(vec![parsed]) {
            let _ = checked.to_json().to_string();
        }
    }
});
