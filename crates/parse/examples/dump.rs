//! Prints what `gongkai-parse` reads from files (a development aid; the
//! command for users is `gongkai report check`).
fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let mut parsed = Vec::new();
    for path in &paths {
        let bytes = std::fs::read(path).expect("readable file");
        parsed.push(gongkai_parse::parse_bytes(path, &bytes).expect("parsed"));
    }
    for c in gongkai_parse::check_all(parsed) {
        println!(
            "{}",
            serde_json::to_string_pretty(&c.to_json()).expect("json")
        );
    }
}
