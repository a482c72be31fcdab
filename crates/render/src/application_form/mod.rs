//! 政府信息公开申请表: the paper form an applicant fills in and hands in,
//! mails, faxes or e-mails to an agency (issue 21), generated from the
//! agency's data — addressed to the agency, with its 受理机构 and how to
//! reach it as the 指南 shows them — and with the fields of an application
//! under 《中华人民共和国政府信息公开条例》第二十九条第二款: (一) the applicant's
//! name or 名称, proof of identity and contacts; (二) the information sought
//! by name, 文号 or other features; (三) the form of provision and the way of
//! receipt.
//!
//! The form is laid out once, here, as rows of cells on a five-column grid
//! (a cell spanning rows starts in its first row, like an HTML table cell);
//! [`docx`] and [`pdf`] only translate the rows into a Word table and a
//! typst table.

pub(crate) mod docx;
pub(crate) mod pdf;

use gongkai_domain::application::{DeliveryForm, DeliveryMethod, IdDocument};
use gongkai_domain::deadline::law::CORRECTION_NOTICE_WORKING_DAYS;
use gongkai_domain::vocabulary::Channel;

/// What the form says of the agency, as its 指南 shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationForm {
    /// The addressee: the agency's full name.
    pub agency: String,
    /// The 受理机构 (政府信息公开工作机构) and how to reach it.
    pub office: String,
    pub address: String,
    pub postcode: String,
    pub phone: String,
    pub email: String,
    /// The channels the agency opened (the note on how to hand the form in).
    pub channels: Vec<Channel>,
    /// The online form's address, when the agency accepts applications
    /// online: the form says the applicant may also apply there.
    pub online_url: Option<String>,
}

/// The form's title.
pub(crate) const TITLE: &str = "政府信息公开申请表";
/// The grid's column widths in millimetres (the text width, 156 mm): the
/// group label, a field's label, its value, a second label, its value.
pub(crate) const WIDTHS_MM: [f32; 5] = [14.0, 32.0, 44.0, 24.0, 42.0];
/// The table's text size in points (五号).
pub(crate) const CELL_PT: f32 = 10.5;
/// The smallest height of a row to write in by hand, in millimetres.
const ROW_MM: f32 = 9.0;

/// How a cell looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CellKind {
    /// A group's label, merged down over its rows: centred, bold.
    Group,
    /// A field's label: centred.
    Label,
    /// Where the applicant writes: empty.
    Blank,
    /// Boxes to tick, or a printed line to complete: left-aligned.
    Choice,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FormCell {
    pub text: String,
    pub rowspan: usize,
    pub colspan: usize,
    pub kind: CellKind,
}

fn cell(kind: CellKind, text: &str, colspan: usize) -> FormCell {
    FormCell {
        text: text.to_string(),
        rowspan: 1,
        colspan,
        kind,
    }
}

fn label(text: &str) -> FormCell {
    cell(CellKind::Label, text, 1)
}

fn blank(colspan: usize) -> FormCell {
    cell(CellKind::Blank, "", colspan)
}

fn group(text: &str, rows: usize) -> FormCell {
    FormCell {
        rowspan: rows,
        ..cell(CellKind::Group, text, 1)
    }
}

/// One row: the cells that start in it and the least height to write in.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FormRow {
    pub cells: Vec<FormCell>,
    pub min_mm: f32,
}

fn row(cells: Vec<FormCell>) -> FormRow {
    FormRow {
        cells,
        min_mm: ROW_MM,
    }
}

/// `□a　□b　…　□其他：`, the boxes of a choice.
fn boxes<'a>(labels: impl IntoIterator<Item = &'a str>, other: bool) -> String {
    let mut out: Vec<String> = labels.into_iter().map(|l| format!("□{l}")).collect();
    if other {
        out.push("□其他：".to_string());
    }
    out.join("　")
}

impl ApplicationForm {
    /// The lines above the table: the addressee and the request.
    pub(crate) fn opening(&self) -> [String; 2] {
        [
            format!("{}：", self.agency),
            "根据《中华人民共和国政府信息公开条例》第二十七条、第二十九条的规定，申请获取以下政府信息。"
                .to_string(),
        ]
    }

    /// The ways of receipt offered: post, collecting in person and e-mail
    /// always; online where the agency accepts applications online; fax
    /// where it opened that channel.
    fn methods(&self) -> Vec<&'static str> {
        DeliveryMethod::ALL
            .into_iter()
            .filter(|m| match m {
                DeliveryMethod::Online => self.online_url.is_some(),
                DeliveryMethod::Fax => self.channels.contains(&Channel::Fax),
                _ => true,
            })
            .map(DeliveryMethod::label)
            .collect()
    }

    /// The table: 申请人信息 (Art. 29 (一)), 所需信息情况 ((二) and (三)), and
    /// the signature with the date.
    pub(crate) fn rows(&self) -> Vec<FormRow> {
        let ids = boxes(IdDocument::ALL.into_iter().map(IdDocument::label), false);
        let forms = boxes(DeliveryForm::ALL.into_iter().map(DeliveryForm::label), true);
        let methods = boxes(self.methods(), true);
        vec![
            row(vec![
                group("申请人信息", 6),
                label("申请人类型"),
                cell(
                    CellKind::Choice,
                    &boxes(["公民", "法人", "其他组织"], false),
                    3,
                ),
            ]),
            row(vec![
                label("姓名或者名称"),
                blank(1),
                label("联系人"),
                blank(1),
            ]),
            row(vec![label("身份证明"), cell(CellKind::Choice, &ids, 3)]),
            row(vec![label("证件号码"), blank(3)]),
            row(vec![
                label("联系电话"),
                blank(1),
                label("电子邮箱"),
                blank(1),
            ]),
            row(vec![
                label("通信地址"),
                blank(1),
                label("邮政编码"),
                blank(1),
            ]),
            FormRow {
                cells: vec![
                    group("所需信息情况", 5),
                    label("所需信息的名称或者内容描述"),
                    blank(3),
                ],
                min_mm: 30.0,
            },
            row(vec![label("文号"), blank(3)]),
            FormRow {
                cells: vec![label("其他特征性描述"), blank(3)],
                min_mm: 14.0,
            },
            row(vec![
                label("提供信息的形式"),
                cell(CellKind::Choice, &forms, 3),
            ]),
            row(vec![
                label("获取信息的方式"),
                cell(CellKind::Choice, &methods, 3),
            ]),
            FormRow {
                cells: vec![
                    cell(CellKind::Label, "申请人签名（盖章）", 2),
                    blank(1),
                    label("申请日期"),
                    cell(CellKind::Choice, "　　年　　月　　日", 1),
                ],
                min_mm: 14.0,
            },
        ]
    }

    /// 填表说明: where and how to hand the form in, and what the law asks
    /// of each part.
    pub(crate) fn notes(&self) -> Vec<String> {
        let ways: Vec<&str> = self
            .channels
            .iter()
            .filter(|c| **c != Channel::Online)
            .map(|c| c.label())
            .collect();
        let mut notes = vec![
            format!(
                "受理机构：{}；地址：{}；邮政编码：{}；联系电话：{}；电子邮箱：{}。",
                self.office, self.address, self.postcode, self.phone, self.email
            ),
            format!(
                "本表可以通过{}方式提交受理机构。当面提交的，请出示身份证明；以其他方式提交的，请附身份证明复印件。",
                ways.join("、")
            ),
        ];
        if let Some(url) = &self.online_url {
            notes.push(format!("也可以在线申请：{url}"));
        }
        notes.extend([
            "申请人是公民的，请填写姓名、身份证明和证件号码；是法人或者其他组织的，请填写名称、统一社会信用代码和联系人（《中华人民共和国政府信息公开条例》第二十九条第二款第（一）项）。".to_string(),
            format!(
                "请写明所需信息的名称、文号或者便于查询的其他特征性描述（第二十九条第二款第（二）项）。申请内容不明确的，本机关给予指导和释明，并自收到申请之日起{CORRECTION_NOTICE_WORKING_DAYS}个工作日内一次性告知需要补正的事项（第三十条）。"
            ),
            "请勾选提供信息的形式和获取信息的方式（第二十九条第二款第（三）项）。".to_string(),
        ]);
        notes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(channels: Vec<Channel>, online: Option<&str>) -> ApplicationForm {
        ApplicationForm {
            agency: "白沙县交通运输局".into(),
            office: "白沙县交通运输局办公室".into(),
            address: "白沙县人民路1号".into(),
            postcode: "839000".into(),
            phone: "0902-1234567".into(),
            email: "gk@example.gov.cn".into(),
            channels,
            online_url: online.map(str::to_string),
        }
    }

    #[test]
    fn every_row_fills_the_five_columns() {
        let rows = form(vec![Channel::InPerson, Channel::Post], None).rows();
        // A cell merged down from above takes its columns in the rows below.
        let mut below = [0usize; 5];
        for (i, r) in rows.iter().enumerate() {
            let taken: usize = below.iter().filter(|n| **n > 0).count();
            let own: usize = r.cells.iter().map(|c| c.colspan).sum();
            assert_eq!(taken + own, 5, "row {i}");
            for n in below.iter_mut() {
                *n = n.saturating_sub(1);
            }
            if let Some(g) = r.cells.iter().find(|c| c.rowspan > 1) {
                below[0] = g.rowspan - 1;
            }
        }
        assert_eq!(rows.len(), 12);
    }

    #[test]
    fn the_ways_of_receipt_follow_the_channels() {
        let text = |f: &ApplicationForm| {
            f.rows()
                .iter()
                .flat_map(|r| r.cells.iter().map(|c| c.text.clone()))
                .collect::<Vec<_>>()
        };
        let plain = form(vec![Channel::InPerson, Channel::Post], None);
        assert!(text(&plain).contains(&"□邮寄　□当面领取　□电子邮件　□其他：".to_string()));
        assert!(text(&plain).contains(&"□纸质　□电子数据　□光盘　□其他：".to_string()));
        assert!(
            text(&plain)
                .contains(&"□居民身份证　□护照　□其他有效证件　□统一社会信用代码".to_string())
        );
        assert_eq!(
            plain.notes()[1],
            "本表可以通过当面提交、邮寄方式提交受理机构。当面提交的，请出示身份证明；以其他方式提交的，请附身份证明复印件。"
        );
        assert!(!plain.notes().iter().any(|n| n.contains("在线申请")));
        let all = form(
            vec![
                Channel::InPerson,
                Channel::Post,
                Channel::Online,
                Channel::Fax,
                Channel::Email,
            ],
            Some("https://gk.example.gov.cn/agencies/1/apply"),
        );
        assert!(
            text(&all)
                .contains(&"□邮寄　□当面领取　□电子邮件　□在线查看　□传真　□其他：".to_string())
        );
        assert_eq!(
            all.notes()[2],
            "也可以在线申请：https://gk.example.gov.cn/agencies/1/apply"
        );
        assert!(
            all.notes()[1]
                .starts_with("本表可以通过当面提交、邮寄、传真、电子邮件方式提交受理机构。")
        );
        assert_eq!(
            all.notes()[0],
            "受理机构：白沙县交通运输局办公室；地址：白沙县人民路1号；邮政编码：839000；联系电话：0902-1234567；电子邮箱：gk@example.gov.cn。"
        );
    }

    /// The DOCX's table: the group labels merged down, the description's
    /// row at least 30 mm (1701 twips) high, the addressee before it.
    #[test]
    fn the_docx_holds_the_table_and_the_addressee() {
        let bytes = docx::application_form_docx(&form(vec![Channel::InPerson], None)).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
            .unwrap();
        let at = |s: &str| xml.find(s).unwrap_or_else(|| panic!("{s}"));
        assert!(at("白沙县交通运输局：") < at("申请人信息"));
        assert!(at("申请人信息") < at("所需信息的名称或者内容描述"));
        // Two groups start a merge; 5 + 4 rows continue them.
        assert_eq!(xml.matches("<w:vMerge w:val=\"restart\" />").count(), 2);
        assert_eq!(xml.matches("<w:vMerge w:val=\"continue\" />").count(), 9);
        assert!(xml.contains("<w:trHeight w:val=\"1701\" w:hRule=\"atLeast\" />"));
    }
}
