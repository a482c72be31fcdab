//! The import file's header → its columns, and one row → an [`ImportItem`]
//! checked like the editor's form.

use super::*;

/// The columns of an import file, as its header names them (any order).
#[derive(Debug, Clone)]
pub struct ImportColumns {
    columns: Vec<Option<&'static str>>,
}

impl ImportColumns {
    /// Reads the header row; every problem of it, or the columns.
    pub fn of_header(header: &[String]) -> Result<ImportColumns, Vec<ImportError>> {
        let mut errors = Vec::new();
        if !header.iter().any(|c| !c.trim().is_empty()) {
            return Err(vec![ImportError::new(
                1,
                "",
                format!("文件为空：第一行应为表头：{}。", IMPORT_HEADER.join("、")),
            )]);
        }

        // Header.
        let mut columns: Vec<Option<&'static str>> = Vec::new();
        for (i, cell) in header.iter().enumerate() {
            let name = cell.trim().trim_start_matches('\u{feff}').trim();
            if name.is_empty()
                || IMPORT_IGNORED_COLUMNS
                    .iter()
                    .any(|c| comparable(c) == comparable(name))
            {
                columns.push(None);
                continue;
            }
            match known_column(name) {
                Some(col) if columns.contains(&Some(col)) => {
                    errors.push(ImportError::new(
                        1,
                        name,
                        format!("表头中“{col}”列重复（第{}列），请删除多余的列。", i + 1),
                    ));
                    columns.push(None);
                }
                Some(col) => columns.push(Some(col)),
                None => {
                    errors.push(ImportError::new(
                        1,
                        name,
                        format!(
                            "第{}列的列名无法识别。必填列：{}；可选列：{}。",
                            i + 1,
                            IMPORT_HEADER.join("、"),
                            IMPORT_OPTIONAL_COLUMNS.join("、")
                        ),
                    ));
                    columns.push(None);
                }
            }
        }
        let missing: Vec<&str> = IMPORT_HEADER
            .into_iter()
            .filter(|c| !columns.contains(&Some(c)))
            .collect();
        if !missing.is_empty() {
            errors.push(ImportError::new(
                1,
                "",
                format!(
                    "表头缺少必填列：{}（列的顺序不限，没有内容的单元格可以留空）。",
                    missing.join("、")
                ),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ImportColumns { columns })
    }

    /// Checks row `row_no` (header = 1): its item, None for a blank row, or
    /// every problem of the row. Rows are checked alone; see [`OnceInFile`]
    /// for the same information twice in a file.
    pub fn item(
        &self,
        row_no: usize,
        row: &[String],
    ) -> Result<Option<ImportItem>, Vec<ImportError>> {
        let columns = &self.columns;
        let mut errors = Vec::new();
        if row.iter().all(|c| c.trim().is_empty()) {
            return Ok(None);
        }
        let before = errors.len();
        let cell = |col: &str| -> String {
            columns
                .iter()
                .position(|c| *c == Some(col))
                .and_then(|at| row.get(at))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        if let Some(extra) = row
            .iter()
            .enumerate()
            .skip(columns.len())
            .find(|(_, c)| !c.trim().is_empty())
        {
            errors.push(ImportError::new(
                row_no,
                "",
                format!(
                    "第{}列在表头中没有列名，请删除该单元格或补充列名。",
                    extra.0 + 1
                ),
            ));
        }

        let index_text = cell("索引号");
        let index_number = if index_text.is_empty() {
            None
        } else {
            match IndexNumber::parse(&index_text) {
                Ok(n) => Some(n),
                Err(e) => {
                    errors.push(ImportError::new(row_no, "索引号", e.to_string()));
                    None
                }
            }
        };

        let or = |text: String, default: &str| {
            if text.is_empty() {
                default.to_string()
            } else {
                text
            }
        };
        let issuers = cell("发布机构")
            .split(['\n', '\r', '；', ';', '、', '，', ','])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        let form = ItemForm {
            title: cell("名称"),
            summary: cell("内容概述"),
            issuers,
            document_number: cell("文号"),
            formed_on: cell("成文日期"),
            topic: cell("主题分类"),
            genre: or(cell("体裁分类"), "other"),
            kind: or(cell("文件类别"), "other"),
            article20: cell("第二十条"),
            article21: cell("第二十一条"),
            attribute: or(cell("公开方式"), "proactive"),
            attribute_reason: cell("不予公开理由"),
            scope: or(cell("公开范围"), "public"),
            keywords: cell("关键词"),
            body: cell("正文"),
            // The old site's column exports text; HTML bodies come from the editor.
            body_format: String::new(),
            revision_of: String::new(),
            normative_registration: cell("规范性文件统一登记编号"),
            changed_on: cell("变更日期"),
            // Filing under a 标准目录 row needs the agency's catalogue:
            // an imported item is filed by editing it.
            standard_row: String::new(),
            // The old site's catalogue has no interpretation columns.
            interpretation: Default::default(),
        };
        let metadata = match form.validate() {
            Ok(m) => Some(m),
            Err(field_errors) => {
                for e in field_errors.0 {
                    errors.push(ImportError::new(row_no, column_of(&e.field), e.message));
                }
                None
            }
        };

        let published_text = cell("发布日期");
        let published_on = if published_text.is_empty() {
            None
        } else {
            match parse_date(&published_text) {
                None => {
                    errors.push(ImportError::new(
                        row_no,
                        "发布日期",
                        date_error_message(&published_text),
                    ));
                    None
                }
                Some(p) => {
                    if let Some(formed) = parse_date(&cell("成文日期"))
                        && p < formed
                    {
                        errors.push(ImportError::new(
                            row_no,
                            "发布日期",
                            format!("发布日期{p}早于成文日期{formed}，请核对。"),
                        ));
                    }
                    Some(p)
                }
            }
        };

        let validity = match parse_validity(&cell("有效性")) {
            Ok(v) => {
                if let (Some(end), Some(p)) = (v.end_date(), published_on)
                    && end < p
                {
                    errors.push(ImportError::new(
                        row_no,
                        "有效性",
                        format!("{}日期{end}早于发布日期{p}，请核对。", v.kind().label()),
                    ));
                }
                v
            }
            Err(reason) => {
                errors.push(ImportError::new(row_no, "有效性", reason));
                ValidityState::InForce
            }
        };

        // What the workflow needs to replay the item (see `ImportItem::actions`).
        if published_on.is_none() {
            if index_number.is_some() {
                errors.push(ImportError::new(
                    row_no,
                    "发布日期",
                    "填写了索引号的信息请同时填写发布日期：索引号在发布时生成，导入后保持不变。",
                ));
            }
            if !validity.is_in_force() {
                errors.push(ImportError::new(
                    row_no,
                    "发布日期",
                    format!(
                        "{}的信息请填写发布日期：只有已发布的信息才有失效或废止记录。",
                        validity.kind().label()
                    ),
                ));
            }
        } else if let Some(m) = &metadata
            && m.attribute != DisclosureAttribute::Proactive
        {
            errors.push(ImportError::new(
                row_no,
                "公开方式",
                format!(
                    "公开方式为“{}”的信息不在目录中主动发布，不应有发布日期：请核对公开方式，或清空发布日期。",
                    m.attribute.label()
                ),
            ));
        }

        if errors.len() > before {
            return Err(errors);
        }
        let Some(metadata) = metadata else {
            return Err(errors);
        };
        Ok(Some(ImportItem {
            index_number,
            metadata,
            published_on,
            validity,
        }))
    }
}
