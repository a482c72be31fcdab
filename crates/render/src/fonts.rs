//! Finding the CJK fonts the PDF embeds.
//!
//! Fonts are the system's: Noto Serif / Sans CJK SC (Debian: fonts-noto-cjk,
//! `/usr/share/fonts/opentype/noto/`), or Source Han, the same fonts under
//! Adobe's name, searched for recursively under the font directories; a
//! FangSong (仿宋) font is used for the body when one is installed. The
//! directory named by `GONGKAI_FONT_DIR`, if set, is searched first.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};

use crate::RenderError;

/// Family names for the body text, most preferred first.
const BODY_FAMILIES: &[&str] = &[
    "FangSong_GB2312",
    "仿宋_GB2312",
    "FangSong",
    "仿宋",
    "Noto Serif CJK SC",
    "Noto Serif SC",
    "Source Han Serif SC",
    "Source Han Serif CN",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
];

/// Family names for the title (a bold serif), most preferred first.
const TITLE_FAMILIES: &[&str] = &[
    "Noto Serif CJK SC",
    "Noto Serif SC",
    "Source Han Serif SC",
    "Source Han Serif CN",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
];

/// Family names for sub-headings (黑体-like), most preferred first.
const HEADING_FAMILIES: &[&str] = &[
    "SimHei",
    "黑体",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Serif CJK SC",
    "Noto Serif SC",
    "Source Han Serif SC",
    "Source Han Serif CN",
];

/// The directories searched, in order.
pub(crate) fn font_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(dir) = std::env::var_os("GONGKAI_FONT_DIR") {
        dirs.push(PathBuf::from(dir));
    }
    dirs.push(PathBuf::from("/usr/share/fonts"));
    dirs.push(PathBuf::from("/usr/local/share/fonts"));
    if let Some(home) = std::env::var_os("HOME") {
        let home = PathBuf::from(home);
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join(".fonts"));
    }
    dirs
}

/// Whether a file name looks like one of the fonts we use.
fn is_candidate(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let name = name.to_ascii_lowercase();
    let font_ext = [".ttc", ".otf", ".ttf", ".otc"]
        .iter()
        .any(|e| name.ends_with(e));
    font_ext
        && [
            "notoserifcjk",
            "notosanscjk",
            "notoserifsc",
            "notosanssc",
            "sourcehanserif",
            "sourcehansans",
            "simfang",
            "fangsong",
            "simhei",
        ]
        .iter()
        .any(|p| name.contains(p))
}

fn walk(dir: &Path, depth: usize, found: &mut Vec<PathBuf>) {
    if depth > 8 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, depth + 1, found);
        } else if is_candidate(&path) {
            found.push(path);
        }
    }
}

/// The candidate font files found, in search order.
pub fn cjk_font_paths() -> Vec<PathBuf> {
    let mut found = Vec::new();
    for dir in font_dirs() {
        walk(&dir, 0, &mut found);
    }
    // The same file may be reached twice (GONGKAI_FONT_DIR, symlinks).
    let mut seen = std::collections::HashSet::new();
    found.retain(|p| seen.insert(p.canonicalize().unwrap_or_else(|_| p.clone())));
    found
}

/// Whether a face is one we keep: Simplified Chinese Noto / Source Han, or a
/// FangSong / 黑体 face.
fn keep_family(family: &str) -> bool {
    BODY_FAMILIES
        .iter()
        .chain(HEADING_FAMILIES)
        .any(|f| f.eq_ignore_ascii_case(family))
}

/// The loaded fonts and their families by role.
pub(crate) struct FontSet {
    pub book: FontBook,
    pub fonts: Vec<Font>,
    pub body: Vec<String>,
    pub title: Vec<String>,
    pub heading: Vec<String>,
}

fn families_present(preferred: &[&str], book: &FontBook) -> Vec<String> {
    preferred
        .iter()
        .filter(|f| book.contains_family(&f.to_lowercase()))
        .map(|f| f.to_string())
        .collect()
}

fn load() -> Result<FontSet, RenderError> {
    let mut fonts = Vec::new();
    for path in cjk_font_paths() {
        let data = std::fs::read(&path).map_err(|e| RenderError::FontRead {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        fonts.extend(Font::iter(Bytes::new(data)).filter(|f| keep_family(&f.info().family)));
    }
    let book = FontBook::from_fonts(&fonts);
    let body = families_present(BODY_FAMILIES, &book);
    let title = families_present(TITLE_FAMILIES, &book);
    let heading = families_present(HEADING_FAMILIES, &book);
    // Every face we keep has a CJK family, so a non-empty title list means at
    // least one Noto / Source Han face; FangSong alone is not enough for bold
    // titles.
    if title.is_empty() {
        return Err(RenderError::FontMissing {
            searched: font_dirs()
                .iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join("、"),
        });
    }
    Ok(FontSet {
        book,
        fonts,
        body,
        title,
        heading,
    })
}

/// Loaded once per process (about 90 MB for the four Noto CJK files); a
/// failure is not cached, so installing the fonts later works without a
/// restart.
static FONTS: Mutex<Option<Arc<FontSet>>> = Mutex::new(None);

pub(crate) fn fonts() -> Result<Arc<FontSet>, RenderError> {
    let mut slot = FONTS.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(set) = slot.as_ref() {
        return Ok(set.clone());
    }
    let set = Arc::new(load()?);
    *slot = Some(set.clone());
    Ok(set)
}

/// Whether a CJK font for the PDF is installed (cheap after the first PDF:
/// the fonts are then loaded; before, only file names are looked at).
pub fn font_available() -> bool {
    if FONTS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .as_ref()
        .is_some()
    {
        return true;
    }
    cjk_font_paths().iter().any(|p| {
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        ["noto", "sourcehan"].iter().any(|n| name.contains(n))
    })
}
