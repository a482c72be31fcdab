//! The editor's form ([`ItemForm`]) checked field by field into the
//! metadata ([`ItemMetadata`]): every field's error in Chinese at once,
//! the body cleaned, the dates plausible.

use super::*;

impl ItemForm {
    /// [`ItemForm::validate`] as the editor's form is checked: every date a
    /// person typed must be plausible seen from `today`
    /// ([`crate::dates::plausible`]), and an item of genre 解读 must say
    /// who interprets it and how ([`InterpretationFields::validate`]).
    pub fn validate_on(&self, today: NaiveDate) -> Result<ItemMetadata, FieldErrors> {
        let mut implausible = FieldErrors::default();
        for (field, label, text) in [
            ("formed_on", "成文日期", &self.formed_on),
            ("changed_on", "变更日期", &self.changed_on),
        ] {
            if let Some(d) = parse_date(text)
                && let Err(message) = crate::dates::plausible(label, d, today)
            {
                implausible.push(field, message);
            }
        }
        // The editor describes an interpretation (an import of history may not).
        self.interpretation
            .validate(&mut implausible, Genre::parse(&self.genre), true);
        match self.validate() {
            Ok(m) if implausible.is_empty() => Ok(m),
            Ok(_) => Err(implausible),
            Err(mut errors) => {
                errors.0.retain(|e| implausible.get(&e.field).is_none());
                errors.0.extend(implausible.0);
                Err(errors)
            }
        }
    }

    /// Checks every field and returns the typed metadata, or **all** the field
    /// errors at once, keyed by the form field's name, each in Chinese saying
    /// what to do.
    ///
    /// * `title` required, one line, at most 200 characters.
    /// * `summary` required (the statutory minimum is index, title, summary and
    ///   date formed, Art. 12), at most 200 characters (about 100 advised:
    ///   [`ItemMetadata::advisories`]), and not a copy of the title (nor a part
    ///   of it), of the beginning of the body, of the 文号 or of the issuers.
    /// * `issuers` at least one, one per line, each at most 60 characters; a
    ///   line listing several agencies with `、` is refused (one per line).
    /// * `document_number` optional; normalised to `〔〕`.
    /// * `formed_on` a real date; `changed_on` optional, not before it.
    /// * `topic`, `genre`, `kind`, `attribute`, `scope` required; codes or labels.
    /// * `article20` optional; a 规章 or 行政规范性文件 is item （一） (filled in
    ///   when empty, refused when another item is given). `article21` optional.
    /// * 不予公开 needs `attribute_reason`; for 主动公开 the reason is dropped.
    /// * `keywords` at most 10, each at most 20 characters; duplicates dropped.
    /// * `normative_registration` only for a 行政规范性文件: capital letters,
    ///   digits and `-`, at least one digit.
    /// * `standard_row` optional: a row key's characters (whether the agency
    ///   has the row is `standard::filing::file`'s to say).
    pub fn validate(&self) -> Result<ItemMetadata, FieldErrors> {
        let mut errors = FieldErrors::default();

        // title
        let title = self.title.trim().to_string();
        if title.is_empty() {
            errors.push("title", "请填写名称（文件的主标题）。");
        } else if title.contains(['\n', '\r']) {
            errors.push(
                "title",
                "名称只填写主标题，不能换行；副标题请写入内容概述。",
            );
        } else if char_len(&title) > TITLE_MAX_CHARS {
            errors.push(
                "title",
                format!(
                    "名称最多{TITLE_MAX_CHARS}字，您填写了{}字，请只填写主标题。",
                    char_len(&title)
                ),
            );
        }

        // issuers
        let issuers = split_lines_unique(&self.issuers);
        if issuers.is_empty() {
            errors.push(
                "issuers",
                "请填写发布机构的全称；联合发文的，每行填写一个发布机构。",
            );
        } else if let Some(bad) = issuers
            .iter()
            .find(|i| i.contains(['、', '，', ',', '；', ';']))
        {
            errors.push(
                "issuers",
                format!("“{bad}”像是多个机构：联合发文的，请每行填写一个发布机构的全称。"),
            );
        } else if let Some(bad) = issuers.iter().find(|i| char_len(i) > ISSUER_MAX_CHARS) {
            errors.push(
                "issuers",
                format!("发布机构“{bad}”超过{ISSUER_MAX_CHARS}字，请核对是否为机构全称。"),
            );
        } else if let Some(bad) = issuers.iter().find(|i| char_len(i) < 2) {
            errors.push(
                "issuers",
                format!("发布机构“{bad}”过短：请填写机构全称，不要使用简称。"),
            );
        }

        // document_number
        let number_text = self.document_number.trim();
        let document_number = if number_text.is_empty() {
            None
        } else {
            match document_number_normalised(number_text) {
                Some(n) => Some(n),
                None => {
                    errors.push(
                        "document_number",
                        format!(
                            "文号“{number_text}”格式不正确：应为“机关代字〔年份〕序号号”，年份用六角括号〔〕，例如“国办发〔2019〕60号”；令号可写作“某某省人民政府令第253号”。没有文号的请留空。"
                        ),
                    );
                    None
                }
            }
        };

        // summary
        let (body, body_format) = parsed_body(&mut errors, &self.body, &self.body_format);
        let body_text = match body_format {
            BodyFormat::Html => text_of_html(&body),
            BodyFormat::Text => body.clone(),
        };
        let summary = self.summary.trim().to_string();
        let summary_len = char_len(&summary);
        if summary.is_empty() {
            errors.push(
                "summary",
                format!(
                    "请填写内容概述（约{SUMMARY_ADVISED_CHARS}字）：索引号、名称、内容概述和生成日期是政府信息公开目录的法定内容（《条例》第十二条）。"
                ),
            );
        } else if summary_len > SUMMARY_MAX_CHARS {
            errors.push(
                "summary",
                format!(
                    "内容概述应约{SUMMARY_ADVISED_CHARS}字（最多{SUMMARY_MAX_CHARS}字），您填写了{summary_len}字，请精简。"
                ),
            );
        } else if let Some(what) = copied_field(
            &summary,
            &title,
            &body_text,
            document_number.as_deref(),
            &issuers,
        ) {
            errors.push(
                "summary",
                format!(
                    "内容概述不能照抄{what}：请用约{SUMMARY_ADVISED_CHARS}字概括文件的主要内容（目的、对象、主要措施等）。"
                ),
            );
        }

        // formed_on, changed_on
        let formed_on = required_date(
            &mut errors,
            "formed_on",
            &self.formed_on,
            "请填写成文日期（公文为签发日期），格式YYYY-MM-DD。",
        );
        let changed_text = self.changed_on.trim();
        let changed_on = if changed_text.is_empty() {
            // A revision is the information as changed: Art. 26 counts its
            // 20 working days from the change (变更之日起).
            if !self.revision_of.trim().is_empty() {
                errors.push(
                    "changed_on",
                    "修订已发布的信息时请填写变更日期：《条例》第二十六条规定的20个工作日从信息变更之日起算。",
                );
            }
            None
        } else {
            match parse_date(changed_text) {
                None => {
                    errors.push("changed_on", date_error_message(changed_text));
                    None
                }
                Some(d) if formed_on.is_some_and(|f| d < f) => {
                    errors.push(
                        "changed_on",
                        format!(
                            "变更日期{d}早于成文日期{}：请核对，信息变更之日应在成文之后。",
                            formed_on.expect("checked")
                        ),
                    );
                    None
                }
                Some(d) => Some(d),
            }
        };

        // topic
        let topic = match Topic::parse(&self.topic) {
            Ok(t) => Some(t),
            Err(e) => {
                errors.push("topic", e.to_string());
                None
            }
        };

        let genre = required_choice(
            &mut errors,
            "genre",
            &self.genre,
            "体裁分类",
            Genre::parse,
            Genre::choices_zh,
        );
        let kind = required_choice(
            &mut errors,
            "kind",
            &self.kind,
            "文件类别",
            ItemKind::parse,
            ItemKind::choices_zh,
        );
        let attribute = required_choice(
            &mut errors,
            "attribute",
            &self.attribute,
            "公开方式",
            DisclosureAttribute::parse,
            DisclosureAttribute::choices_zh,
        );
        let scope = required_choice(
            &mut errors,
            "scope",
            &self.scope,
            "公开范围",
            DisclosureScope::parse,
            DisclosureScope::choices_zh,
        );

        // article20 / article21
        let a20_text = self.article20.trim();
        let mut article20 = if a20_text.is_empty() {
            None
        } else {
            let parsed = parse_article20(a20_text);
            if parsed.is_none() {
                errors.push(
                    "article20",
                    format!(
                        "第二十条事项“{a20_text}”无法识别：请填写第（一）至第（十五）项中的一项，例如“（一）”或“1”；不属于第二十条的请留空。"
                    ),
                );
            }
            parsed
        };
        if let Some(k) = kind.filter(|k| k.counted_in_table2()) {
            match article20 {
                None if a20_text.is_empty() => article20 = Some(Article20Item::Regulations),
                Some(item) if item != Article20Item::Regulations => errors.push(
                    "article20",
                    format!(
                        "{}属于《条例》第二十条第（一）项“行政法规、规章和规范性文件”，不能归入第二十条{}：请改为第（一）项，或更改文件类别。",
                        k.label(),
                        item.ordinal_label()
                    ),
                ),
                _ => {}
            }
        }
        let a21_text = self.article21.trim();
        let article21 = if a21_text.is_empty() {
            None
        } else {
            let parsed = parse_article21(a21_text);
            if parsed.is_none() {
                let choices: Vec<&str> = Article21Item::ALL.iter().map(|i| i.label()).collect();
                errors.push(
                    "article21",
                    format!(
                        "第二十一条事项“{a21_text}”无法识别，请从以下事项中选择：{}；不属于的请留空。",
                        choices.join("、")
                    ),
                );
            }
            parsed
        };

        // attribute_reason
        let reason = self.attribute_reason.trim();
        let attribute_reason = match attribute {
            Some(DisclosureAttribute::NotDisclosed) if reason.is_empty() => {
                errors.push(
                    "attribute_reason",
                    "公开方式为“不予公开”的，必须说明理由和依据（如属于国家秘密、法律行政法规禁止公开等，《条例》第十四条至第十六条）。",
                );
                None
            }
            Some(DisclosureAttribute::Proactive) | None => None,
            Some(_) if reason.is_empty() => None,
            Some(_) if char_len(reason) > ATTRIBUTE_REASON_MAX_CHARS => {
                errors.push(
                    "attribute_reason",
                    format!("理由最多{ATTRIBUTE_REASON_MAX_CHARS}字，请精简。"),
                );
                None
            }
            Some(_) => Some(reason.to_string()),
        };

        // keywords
        let keywords = split_keywords(&self.keywords);
        if keywords.len() > KEYWORDS_MAX {
            errors.push(
                "keywords",
                format!(
                    "关键词最多{KEYWORDS_MAX}个，您填写了{}个，请删减。",
                    keywords.len()
                ),
            );
        } else if let Some(bad) = keywords.iter().find(|k| char_len(k) > KEYWORD_MAX_CHARS) {
            errors.push(
                "keywords",
                format!(
                    "关键词“{bad}”超过{KEYWORD_MAX_CHARS}字：关键词应为词语，多个关键词用“、”分隔。"
                ),
            );
        }

        // normative_registration
        let reg_text: String = crate::identity::to_half_width(self.normative_registration.trim())
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
                c => c.to_ascii_uppercase(),
            })
            .collect();
        let normative_registration = if reg_text.is_empty() {
            None
        } else if kind.is_some_and(|k| k != ItemKind::NormativeDocument) {
            errors.push(
                "normative_registration",
                "只有行政规范性文件才有规范性文件统一登记编号：请清空此项，或将文件类别改为“行政规范性文件”。",
            );
            None
        } else if char_len(&reg_text) > REGISTRATION_MAX_CHARS
            || !reg_text
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
            || !reg_text.chars().any(|c| c.is_ascii_digit())
        {
            errors.push(
                "normative_registration",
                format!(
                    "规范性文件统一登记编号“{}”格式不正确：只能由大写字母、数字和“-”组成，例如“HHCR-2023-01005”。",
                    self.normative_registration.trim()
                ),
            );
            None
        } else {
            Some(reg_text)
        };

        let standard_row = standard_row(&mut errors, &self.standard_row);
        let revision_of = revision_of(&mut errors, &self.revision_of);
        let interpretation = self.interpretation.validate(&mut errors, genre, false);

        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ItemMetadata {
            title,
            summary,
            issuers,
            document_number,
            formed_on: formed_on.expect("no errors"),
            changed_on,
            topic: topic.expect("no errors"),
            genre: genre.expect("no errors"),
            kind: kind.expect("no errors"),
            article20,
            article21,
            attribute: attribute.expect("no errors"),
            attribute_reason,
            scope: scope.expect("no errors"),
            keywords,
            body,
            body_format,
            body_source: None,
            revision_of,
            normative_registration,
            standard_row,
            interpretation,
        })
    }
}

/// The revised item's key: blank for none, else an item number. Whether
/// it is a published item of the agency is checked where items are read.
fn revision_of(errors: &mut FieldErrors, text: &str) -> Option<String> {
    let key = text.trim();
    if key.is_empty() {
        return None;
    }
    if key.len() > 18 || !key.bytes().all(|b| b.is_ascii_digit()) {
        errors.push(
            "revision_of",
            "所修订的信息编号不正确：请从已发布信息的页面点击“修订”重新开始。",
        );
        return None;
    }
    Some(key.to_string())
}

/// The body as typed, cleaned when it is HTML. Pictures that cannot be
/// published (a pasted local file, another site's image) are refused with
/// what to do, rather than silently dropped.
fn parsed_body(errors: &mut FieldErrors, text: &str, format: &str) -> (String, BodyFormat) {
    let format = BodyFormat::parse(format);
    match format {
        BodyFormat::Text => (text.trim().to_string(), format),
        BodyFormat::Html => {
            let clean = sanitize(text);
            if clean.dropped_images > 0 {
                errors.push(
                    "body",
                    format!(
                        "正文中有{}张图片不能发布（从Word粘贴的本地图片或其他网站的图片）：请先把图片作为附件上传，再在正文中用“插入图片”放入。",
                        clean.dropped_images
                    ),
                );
            }
            // An editor emptied of text (only `<p><br></p>`) is an empty body.
            let html = if text_of_html(&clean.html).is_empty() && !clean.html.contains("<img") {
                String::new()
            } else {
                clean.html
            };
            (html, format)
        }
    }
}

/// The 标准目录 row key as chosen (blank: not filed); whether it is a row
/// of the agency is checked where its catalogue is read
/// (`standard::filing::file`).
fn standard_row(errors: &mut FieldErrors, text: &str) -> Option<String> {
    let key = text.trim();
    if key.is_empty() {
        return None;
    }
    if !super::super::standard::is_row_key(key) {
        let shown: String = key.chars().take(40).collect();
        errors.push(
            "standard_row",
            format!("标准目录子栏目“{shown}”无法识别：请从列表中选择，或选择“不归入”。"),
        );
        return None;
    }
    Some(key.to_string())
}

fn required_date(
    errors: &mut FieldErrors,
    field: &str,
    text: &str,
    empty_msg: &str,
) -> Option<NaiveDate> {
    let t = text.trim();
    if t.is_empty() {
        errors.push(field, empty_msg);
        return None;
    }
    let d = parse_date(t);
    if d.is_none() {
        errors.push(field, date_error_message(t));
    }
    d
}

fn required_choice<T>(
    errors: &mut FieldErrors,
    field: &str,
    text: &str,
    name: &str,
    parse: impl Fn(&str) -> Option<T>,
    choices: impl Fn() -> String,
) -> Option<T> {
    let t = text.trim();
    if t.is_empty() {
        errors.push(field, format!("请选择{name}：{}。", choices()));
        return None;
    }
    let v = parse(t);
    if v.is_none() {
        errors.push(
            field,
            format!("{name}“{t}”无法识别，请从以下选项中选择：{}。", choices()),
        );
    }
    v
}

/// Non-empty trimmed lines, duplicates dropped, order kept.
pub(crate) fn split_lines_unique(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if !line.is_empty() && !out.iter().any(|o| o == line) {
            out.push(line.to_string());
        }
    }
    out
}

/// Keywords separated by `、，,;；` or whitespace; duplicates dropped.
pub(crate) fn split_keywords(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in text.split(|c: char| matches!(c, '、' | '，' | ',' | ';' | '；') || c.is_whitespace())
    {
        let k = k.trim();
        if !k.is_empty() && !out.iter().any(|o| o == k) {
            out.push(k.to_string());
        }
    }
    out
}

/// Which field the summary copies, if any: the title (all of it, or a part of
/// it), the beginning of the body, the 文号 or an issuer. Compared on letters
/// and digits only.
pub(in crate::catalogue) fn copied_field(
    summary: &str,
    title: &str,
    body: &str,
    document_number: Option<&str>,
    issuers: &[String],
) -> Option<&'static str> {
    let s = comparable(summary);
    if s.is_empty() {
        return None;
    }
    let t = comparable(title);
    if !t.is_empty() && (s == t || t.contains(&s)) {
        return Some("名称");
    }
    // The title wrapped in a few words (`印发《…》的通知。`) is still a copy.
    if !t.is_empty() && s.contains(&t) && char_len(&s) <= char_len(&t) + 6 {
        return Some("名称");
    }
    let b = comparable(body);
    if !b.is_empty() {
        if b.starts_with(&s) {
            return Some("正文开头");
        }
        // A long common beginning: most of the summary is the body's first
        // sentence.
        let common = s.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
        let n = char_len(&s);
        if n >= 10 && common * 5 >= n * 4 {
            return Some("正文开头");
        }
    }
    if document_number.is_some_and(|d| comparable(d) == s) {
        return Some("文号");
    }
    if issuers.iter().any(|i| comparable(i) == s) || comparable(&issuers.join("")) == s {
        return Some("发布机构");
    }
    None
}
