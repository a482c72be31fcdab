use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::*;

fn csv(name: &str, bytes: &[u8]) -> Sheet {
    read_sheet(name, bytes.to_vec()).expect("a readable table")
}

fn rows(sheet: &Sheet) -> Vec<Vec<String>> {
    sheet.rows().collect()
}

#[test]
fn excel_serials_become_dates() {
    assert_eq!(
        excel_serial_date(45000.0),
        NaiveDate::from_ymd_opt(2023, 3, 15)
    );
    assert_eq!(excel_serial_date(12.0), None);
    assert_eq!(cell_text(&Data::Float(45000.0), true), "2023-03-15");
    assert_eq!(cell_text(&Data::Float(45000.0), false), "45000");
    assert_eq!(cell_text(&Data::Float(1.5), false), "1.5");
    assert_eq!(cell_text(&Data::Bool(true), false), "是");
}

#[test]
fn blank_rows_before_the_header_are_skipped_and_counted() {
    let sheet = csv("目录.csv", "\n,\n名称,文号\n甲,1\n".as_bytes());
    assert_eq!(sheet.offset, 2);
    let rows = rows(&sheet);
    assert_eq!(rows[0], vec!["名称", "文号"]);
    assert_eq!(rows.len(), 2);
    // Read again, the same rows.
    assert_eq!(sheet.rows().count(), 2);
}

#[test]
fn a_gbk_csv_gives_the_rows_of_the_utf8_one_and_says_so() {
    let text = "名称,发布机构\r\n关于印发《白沙县农村公路养护办法》的通知,白沙县交通运输局\r\n";
    let utf8 = csv("目录.csv", text.as_bytes());
    let (gbk_bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    let gbk = csv("目录.csv", &gbk_bytes);
    assert_eq!(
        rows(&gbk),
        vec![
            vec!["名称", "发布机构"],
            vec![
                "关于印发《白沙县农村公路养护办法》的通知",
                "白沙县交通运输局"
            ],
        ]
    );
    assert_eq!(rows(&gbk), rows(&utf8));
    assert_eq!(utf8.read_as, ReadAs::Csv(TextEncoding::Utf8));
    assert_eq!(utf8.read_as.notice(), None);
    assert_eq!(gbk.read_as, ReadAs::Csv(TextEncoding::Gb18030));
    assert_eq!(gbk.read_as.label(), "GB18030/GBK 编码的 CSV 文件");
    assert!(gbk.read_as.notice().unwrap().contains("GB18030"));
}

#[test]
fn excel_unicode_text_is_tab_separated_utf16() {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(
        "名称\t文号\n甲\t白交〔2024〕1号\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let sheet = csv("目录.txt", &bytes);
    assert_eq!(rows(&sheet)[1], vec!["甲", "白交〔2024〕1号"]);
    assert_eq!(sheet.read_as, ReadAs::Csv(TextEncoding::Utf16));
}

#[test]
fn an_xlsx_first_sheet_with_date_and_number_cells() {
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("目录").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in ["名称", "成文日期", "发布日期", "第二十条"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, c as u16 + 1, *h).unwrap();
    }
    ws.write_string(2, 1, "通知").unwrap();
    let formed = ExcelDateTime::from_ymd(2023, 3, 15).unwrap();
    ws.write_datetime_with_format(2, 2, &formed, &date).unwrap();
    // 45003 is 2023-03-18 as a bare serial number in a date column.
    ws.write_number(2, 3, 45003.0).unwrap();
    ws.write_number(2, 4, 1.0).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let sheet = read_sheet("目录.xlsx", bytes).unwrap();
    assert_eq!(
        sheet.read_as,
        ReadAs::Xlsx {
            worksheet: "目录".into()
        }
    );
    // The used range starts at row 2, column B: row 1 is spreadsheet row 2.
    assert_eq!(sheet.offset, 1);
    assert_eq!(
        rows(&sheet),
        vec![
            vec!["", "名称", "成文日期", "发布日期", "第二十条"],
            vec!["", "通知", "2023-03-15", "2023-03-18", "1"],
        ]
    );
}

#[test]
fn what_is_no_table_is_refused_with_what_to_do() {
    let err = |name: &str, bytes: &[u8]| read_sheet(name, bytes.to_vec()).err().unwrap();
    assert_eq!(err("空.csv", b""), SheetError::Empty("空.csv".into()));
    let e = err("目录.xls", b"whatever");
    assert!(
        e.to_string().starts_with("不支持的文件类型“目录.xls”"),
        "{e}"
    );
    assert!(e.to_string().contains("另存为"), "{e}");
    // An old workbook renamed .csv is told by its content.
    let e = err("目录.csv", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1]);
    assert!(matches!(e, SheetError::Unsupported { .. }), "{e}");
    assert!(matches!(
        err("目录.pdf", b"%PDF-1.4"),
        SheetError::Unsupported { hint: "", .. }
    ));
    assert!(matches!(
        err("目录.xlsx", b"a,b\n"),
        SheetError::BadWorkbook { .. }
    ));
    let e = err("目录.csv", &[b'a', b',', 0xFF, 0xFF, 0x81, 0x20]);
    assert_eq!(
        e,
        SheetError::NotText {
            name: "目录.csv".into(),
            from_byte: 3
        }
    );
    assert!(
        e.to_string()
            .contains("不是 UTF-8 或 GB18030（GBK）编码的文本")
    );
}
