//! 网站设置: what a government website must show in its footer and how an
//! agency's column may look. The identifiers follow the national rules:
//! 网站标识码 (《政府网站发展指引》国办发〔2017〕47号: a 10-character code issued
//! with the site's registration), ICP备案号 (《非经营性互联网信息服务备案管理
//! 办法》, shown linked to https://beian.miit.gov.cn/) and 公安机关备案号
//! (《计算机信息网络国际联网安全保护管理办法》, linked to the 公安 registry).
//! The agency's theme colour is refused unless text in it is legible on
//! white (WCAG 2.1 success criterion 1.4.3: contrast at least 4.5:1).

/// The registry an ICP备案号 is checked at.
pub const ICP_REGISTRY: &str = "https://beian.miit.gov.cn/";

/// Provinces' one-character abbreviations that begin ICP and 公安 numbers.
const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

/// The minimum contrast of the theme colour against white (WCAG 1.4.3).
pub const MIN_CONTRAST_TENTHS: u32 = 45;

/// 网站标识码: exactly 10 digits or Latin letters (部委 codes begin with
/// letters, such as `bm04000001`).
pub fn check_site_code(code: &str) -> Result<(), String> {
    let n = code.chars().count();
    if n != 10 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(format!(
            "网站标识码“{code}”格式不正确：应为10位数字或字母（如1100000088），请按网站普查备案时分配的标识码填写。"
        ));
    }
    Ok(())
}

/// ICP备案号 as the registry issues it: `京ICP备12345678号`, optionally
/// with the site's number `-1`.
pub fn check_icp(number: &str) -> Result<(), String> {
    let refuse = || {
        Err(format!(
            "ICP备案号“{number}”格式不正确：应为省份简称加“ICP备”、备案号码和“号”，如“京ICP备12345678号”或“京ICP备12345678号-1”。"
        ))
    };
    let Some(rest) = strip_province(number).and_then(|r| r.strip_prefix("ICP备")) else {
        return refuse();
    };
    let Some((digits, tail)) = rest.split_once('号') else {
        return refuse();
    };
    let digits_ok = (6..=10).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit());
    let tail_ok = tail.is_empty()
        || tail.strip_prefix('-').is_some_and(|n| {
            !n.is_empty() && n.len() <= 3 && n.chars().all(|c| c.is_ascii_digit())
        });
    if digits_ok && tail_ok {
        Ok(())
    } else {
        refuse()
    }
}

/// 公安机关备案号: `京公网安备11010502030143号` (14 digits).
pub fn check_police_record(number: &str) -> Result<(), String> {
    let digits = strip_province(number)
        .and_then(|r| r.strip_prefix("公网安备"))
        .and_then(|r| r.strip_suffix('号'));
    match digits {
        Some(d) if d.len() == 14 && d.chars().all(|c| c.is_ascii_digit()) => Ok(()),
        _ => Err(format!(
            "公安机关备案号“{number}”格式不正确：应为省份简称加“公网安备”、14位数字和“号”，如“京公网安备11010502030143号”。"
        )),
    }
}

/// The 公安 registry's page of a checked 公安机关备案号.
pub fn police_registry_url(number: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    format!("https://beian.mps.gov.cn/#/query/webSearch?code={digits}")
}

fn strip_province(number: &str) -> Option<&str> {
    let first = number.chars().next()?;
    PROVINCES
        .contains(first)
        .then(|| &number[first.len_utf8()..])
}

/// A colour typed as `#RRGGBB`: its red, green and blue.
pub fn parse_colour(colour: &str) -> Result<[u8; 3], String> {
    let hex = colour
        .strip_prefix('#')
        .filter(|h| h.len() == 6 && h.chars().all(|c| c.is_ascii_hexdigit()));
    let Some(hex) = hex else {
        return Err(format!(
            "主题色“{colour}”格式不正确：应为“#”加6位十六进制数字，如“#1F4E8C”。"
        ));
    };
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
    Ok([byte(0), byte(2), byte(4)])
}

/// WCAG 2.1 relative luminance of an sRGB colour.
fn luminance(rgb: [u8; 3]) -> f64 {
    let channel = |v: u8| {
        let c = f64::from(v) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])
}

/// The contrast ratio of `rgb` against white, (1.0 + 0.05) / (L + 0.05).
pub fn contrast_with_white(rgb: [u8; 3]) -> f64 {
    1.05 / (luminance(rgb) + 0.05)
}

/// A theme colour an agency may choose: `#RRGGBB`, and white text on it
/// (and it as text on white) at least 4.5:1.
pub fn check_theme_colour(colour: &str) -> Result<(), String> {
    let ratio = contrast_with_white(parse_colour(colour)?);
    if ratio * 10.0 < f64::from(MIN_CONTRAST_TENTHS) {
        return Err(format!(
            "主题色“{colour}”与白色的对比度只有{ratio:.2}:1，低于无障碍要求的4.5:1（WCAG 2.1 第1.4.3条），白色文字在其上看不清。请选用更深的颜色。"
        ));
    }
    Ok(())
}

/// A picture's address (logo, banner): a path on this site or an https
/// address, no quotes or spaces that could leave the attribute.
pub fn check_image_address(what: &str, address: &str) -> Result<(), String> {
    let scheme_ok =
        address.starts_with('/') && !address.starts_with("//") || address.starts_with("https://");
    let chars_ok = !address
        .chars()
        .any(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '\\'));
    if scheme_ok && chars_ok && address.len() <= 500 {
        Ok(())
    } else {
        Err(format!(
            "{what}地址“{address}”不可用：请填写本站路径（以“/”开头）或以“https://”开头的图片地址，不含空格和引号，不超过500个字符。"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_codes_are_ten_letters_or_digits() {
        assert!(check_site_code("1100000088").is_ok());
        assert!(check_site_code("bm04000001").is_ok());
        assert!(check_site_code("110000008").is_err());
        assert!(check_site_code("11000000888").is_err());
        assert!(check_site_code("11000-0088").is_err());
    }

    #[test]
    fn icp_numbers_follow_the_registry() {
        assert!(check_icp("京ICP备12345678号").is_ok());
        assert!(check_icp("京ICP备12345678号-1").is_ok());
        assert!(check_icp("ICP备12345678号").is_err());
        assert!(check_icp("京ICP备12345678").is_err());
        assert!(check_icp("京ICP证12345678号").is_err());
        assert!(check_icp("京ICP备12345678号-").is_err());
        assert!(check_icp("美ICP备12345678号").is_err());
    }

    #[test]
    fn police_records_have_fourteen_digits() {
        assert!(check_police_record("京公网安备11010502030143号").is_ok());
        assert!(check_police_record("京公网安备1101050203014号").is_err());
        assert!(check_police_record("公网安备11010502030143号").is_err());
        assert_eq!(
            police_registry_url("京公网安备11010502030143号"),
            "https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143"
        );
    }

    #[test]
    fn contrast_is_computed_as_wcag_says() {
        // Black on white is 21:1, white on white 1:1 (WCAG's definition).
        assert!((contrast_with_white([0, 0, 0]) - 21.0).abs() < 1e-9);
        assert!((contrast_with_white([255, 255, 255]) - 1.0).abs() < 1e-9);
        // #767676 is the lightest grey at 4.5:1 on white (4.54); #777777 fails (4.48).
        assert!(check_theme_colour("#767676").is_ok());
        assert!(check_theme_colour("#777777").is_err());
        assert!(check_theme_colour("#1F4E8C").is_ok());
        assert!(check_theme_colour("#FFD700").is_err());
        assert!(check_theme_colour("1F4E8C").is_err());
        assert!(check_theme_colour("#1F4E8").is_err());
    }

    #[test]
    fn image_addresses_stay_in_their_attribute() {
        assert!(check_image_address("标志", "/files/abc/logo.png").is_ok());
        assert!(check_image_address("标志", "https://www.gov.cn/logo.png").is_ok());
        assert!(check_image_address("标志", "http://x.cn/a.png").is_err());
        assert!(check_image_address("标志", "//evil.cn/a.png").is_err());
        assert!(check_image_address("标志", "/a.png\" onerror=\"x").is_err());
    }
}
