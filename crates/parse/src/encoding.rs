//! The one decoder of text files from outside (reports, plans, CSV
//! tables): UTF-8 with or without its BOM, UTF-16 with its BOM (Excel's
//! "Unicode 文本"), and GB18030 — which covers GBK and GB2312, what Excel and
//! older Chinese pages save on Chinese Windows. Nothing is guessed beyond
//! that: bytes that are neither valid UTF-8 nor valid GB18030 are refused
//! (a wrong guess would import mojibake).

use std::fmt;

/// The encoding a text was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    /// UTF-8 with a byte-order mark (Excel's "CSV UTF-8").
    Utf8Bom,
    /// UTF-16 with a byte-order mark (Excel's "Unicode 文本").
    Utf16,
    /// GB18030 (GBK, GB2312): Excel's "CSV" on Chinese Windows.
    Gb18030,
}

impl TextEncoding {
    /// As a person names it.
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 带 BOM",
            TextEncoding::Utf16 => "UTF-16",
            TextEncoding::Gb18030 => "GB18030/GBK",
        }
    }
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The bytes are not text in any encoding read here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotText {
    /// The first byte (1-based) that is not UTF-8.
    pub from_byte: usize,
}

/// The text of `bytes` (without its byte-order mark) and the encoding it
/// was read in. UTF-8 reuses the buffer.
pub fn decode(bytes: Vec<u8>) -> Result<(String, TextEncoding), NotText> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(&bytes) {
        if enc == encoding_rs::UTF_8 {
            let text = std::str::from_utf8(&bytes[bom..]).map_err(|e| NotText {
                from_byte: bom + e.valid_up_to() + 1,
            })?;
            return Ok((text.to_string(), TextEncoding::Utf8Bom));
        }
        return enc
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            .map(|t| (t.into_owned(), TextEncoding::Utf16))
            .ok_or(NotText { from_byte: 1 });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, TextEncoding::Utf8)),
        Err(e) => {
            let from_byte = e.utf8_error().valid_up_to() + 1;
            encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(e.as_bytes())
                .map(|t| (t.into_owned(), TextEncoding::Gb18030))
                .ok_or(NotText { from_byte })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_encoding_is_told_and_read() {
        let text = "名称,文号\n关于农村公路养护的通知,白交〔2024〕3号\n";
        assert_eq!(
            decode(text.as_bytes().to_vec()),
            Ok((text.to_string(), TextEncoding::Utf8))
        );
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode(bom), Ok((text.to_string(), TextEncoding::Utf8Bom)));
        // 名 is C3 FB in GBK, 称 B3 C6.
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(&gbk[..4], &[0xC3, 0xFB, 0xB3, 0xC6]);
        assert_eq!(
            decode(gbk.into_owned()),
            Ok((text.to_string(), TextEncoding::Gb18030))
        );
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(utf16), Ok((text.to_string(), TextEncoding::Utf16)));
    }

    #[test]
    fn bytes_that_are_no_text_are_refused_with_where() {
        // 0xFF is no lead byte in GB18030; "ab" is valid up to byte 2.
        assert_eq!(
            decode(vec![b'a', b'b', 0xFF, 0xFF, 0x81, 0x20]),
            Err(NotText { from_byte: 3 })
        );
        let mut bad_bom = vec![0xEF, 0xBB, 0xBF, b'x'];
        bad_bom.push(0xC3);
        assert_eq!(decode(bad_bom), Err(NotText { from_byte: 5 }));
    }
}
