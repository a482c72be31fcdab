//! Large and hostile inputs (~10 MB each) are read without a panic (nor a
//! stack overflow): a real report repeated with page noise, 10 MB of `|`,
//! one huge line, deeply nested `<table><tr><td>`, and many unclosed tags.
//! How long they take is measured by `gongkai bench parse` (which builds
//! the same inputs), not here: tests are not timed.

use gongkai_parse::{check_all, parse_bytes, samples};

const SIZE: usize = 10 * 1024 * 1024;

#[test]
fn ten_megabyte_inputs_are_read_without_panic() {
    for (name, bytes) in samples::large_inputs(SIZE) {
        assert!(bytes.len() >= SIZE, "{name}: {} bytes", bytes.len());
        // Run on a thread with the default stack of a spawned thread (2 MiB),
        // smaller than the main thread's: deep nesting must not recurse.
        let outcome = std::thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                let parsed = parse_bytes(name, &bytes);
                let layout = parsed.as_ref().map(|p| p.layout).map_err(|e| e.to_string());
                if let Ok(p) = parsed {
                    let checked = check_all(vec![p]);
                    let _ = checked[0].to_json();
                }
                layout
            })
            .expect("spawn")
            .join();
        match outcome {
            Ok(layout) => eprintln!("{name}: {layout:?}"),
            Err(_) => panic!("{name}: the reader panicked"),
        }
    }
}
