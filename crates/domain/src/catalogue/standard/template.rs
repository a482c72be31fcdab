//! The templates that ship with the platform, read once from the data
//! files beside the crate (`data/standard_catalogue/*.csv`; their sources
//! are in the README there).

use std::sync::OnceLock;

use super::{CATALOGUE_HEADER, CatalogueRow, RowError};
use crate::catalogue::import::parse_csv;

/// Which template an agency's catalogue derives from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TemplateKind {
    /// 交通运输领域基层政务公开标准目录 (交办办〔2021〕75号), for a county
    /// transport bureau.
    Transport,
    /// The Article 20/21 items of the 条例, for any department.
    Generic,
}

impl TemplateKind {
    pub const ALL: [TemplateKind; 2] = [TemplateKind::Transport, TemplateKind::Generic];

    pub fn code(self) -> &'static str {
        match self {
            TemplateKind::Transport => "transport",
            TemplateKind::Generic => "generic",
        }
    }

    pub fn from_code(code: &str) -> Option<TemplateKind> {
        TemplateKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            TemplateKind::Transport => "交通运输领域基层政务公开标准目录（交办办〔2021〕75号）",
            TemplateKind::Generic => "《政府信息公开条例》第二十条、第二十一条通用目录",
        }
    }

    fn source(self) -> &'static str {
        match self {
            TemplateKind::Transport => {
                include_str!("../../../data/standard_catalogue/transport.csv")
            }
            TemplateKind::Generic => include_str!("../../../data/standard_catalogue/generic.csv"),
        }
    }

    /// The template's rows (read and checked once; a shipped file that does
    /// not read is a build defect the tests catch).
    pub fn template(self) -> &'static Template {
        static TRANSPORT: OnceLock<Template> = OnceLock::new();
        static GENERIC: OnceLock<Template> = OnceLock::new();
        let cell = match self {
            TemplateKind::Transport => &TRANSPORT,
            TemplateKind::Generic => &GENERIC,
        };
        cell.get_or_init(|| {
            Template::read(self, self.source()).unwrap_or_else(|errors| Template {
                kind: self,
                rows: Vec::new(),
                errors,
            })
        })
    }
}

/// A template's rows.
#[derive(Debug, Clone)]
pub struct Template {
    pub kind: TemplateKind,
    pub rows: Vec<CatalogueRow>,
    /// What did not read (empty for the shipped files).
    pub errors: Vec<RowError>,
}

impl Template {
    /// Reads a catalogue CSV with [`CATALOGUE_HEADER`]; every row must read
    /// and keys be unique, or nothing is taken.
    pub fn read(kind: TemplateKind, text: &str) -> Result<Template, Vec<RowError>> {
        let rows = parse_csv(text);
        let mut errors = Vec::new();
        let header: Vec<&str> = rows
            .first()
            .map(|r| r.iter().map(|c| c.trim()).collect())
            .unwrap_or_default();
        if header != CATALOGUE_HEADER {
            errors.push(RowError {
                line: 1,
                column: CATALOGUE_HEADER[0],
                reason: format!("表头应为：{}", CATALOGUE_HEADER.join(",")),
            });
            return Err(errors);
        }
        let mut out: Vec<CatalogueRow> = Vec::new();
        for (i, cells) in rows.iter().enumerate().skip(1) {
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            match CatalogueRow::from_cells(cells, i + 1) {
                Ok(r) if out.iter().any(|o| o.key == r.key) => errors.push(RowError {
                    line: i + 1,
                    column: CATALOGUE_HEADER[0],
                    reason: format!("“{}”与前面的行重复", r.key),
                }),
                Ok(r) => out.push(r),
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(Template {
                kind,
                rows: out,
                errors,
            })
        } else {
            Err(errors)
        }
    }

    pub fn row(&self, key: &str) -> Option<&CatalogueRow> {
        self.rows.iter().find(|r| r.key == key)
    }
}
