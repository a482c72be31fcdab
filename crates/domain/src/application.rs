//! An application for disclosure (政府信息公开申请), Art. 29: who applies, what
//! they ask for, and how they want it. Parsed from raw form fields into typed
//! values; every refusal names its field, so a form can show the message next
//! to it and keep what was typed.

use serde::{Deserialize, Serialize};

use crate::agency_code::{AgencyCode, AgencyCodeError, AgencyCodeKind};
use crate::identity::{ResidentId, to_half_width};
use crate::vocabulary::ApplicantType;

/// The proof of identity an applicant gives (Art. 29 (一)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdDocument {
    /// 居民身份证 (18 digits, GB 11643 check digit).
    ResidentIdCard,
    /// 护照
    Passport,
    /// 港澳台居民居住证、往来通行证等其他有效证件
    OtherPersonal,
    /// 统一社会信用代码（法人或其他组织）
    CreditCode,
}

/// The form in which the information is wanted (Art. 29 (三)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryForm {
    /// 纸质
    Paper,
    /// 电子数据（电子邮件）
    Electronic,
    /// 光盘等存储介质
    Disc,
}

/// How the applicant wants to receive it (Art. 29 (三)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryMethod {
    /// 邮寄
    Post,
    /// 当面领取
    CollectInPerson,
    /// 电子邮件
    Email,
    /// 在线查看（本平台）
    Online,
    /// 传真
    Fax,
}

/// The applicant (申请人). Identity number, phone, e-mail and address are
/// private: shown only to the handling agency's staff and the applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    pub kind: ApplicantType,
    /// 姓名 (natural person) or 名称 (organisation).
    pub name: String,
    pub id_document: IdDocument,
    /// Normalised (upper-case, no spaces).
    pub id_number: String,
    /// 联系人 (organisations only; empty for natural persons).
    pub contact_person: String,
    pub phone: String,
    pub email: Option<String>,
    pub address: String,
    pub postcode: String,
}

/// What is asked for (Art. 29 (二), (三)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InformationRequest {
    /// 所需政府信息的名称或内容描述
    pub description: String,
    /// 文号, if known, e.g. 国办发〔2017〕47号
    pub document_number: Option<String>,
    pub form: DeliveryForm,
    pub method: DeliveryMethod,
}

/// A valid application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub applicant: Applicant,
    pub request: InformationRequest,
}

/// The raw fields of the application form (web form, JSON API or clerk entry).
/// Field names are the HTML form's names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicationForm {
    /// ApplicantType code
    pub applicant_kind: String,
    pub name: String,
    /// IdDocument code
    pub id_document: String,
    pub id_number: String,
    pub contact_person: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub postcode: String,
    pub description: String,
    pub document_number: String,
    /// DeliveryForm code
    pub delivery_form: String,
    /// DeliveryMethod code
    pub delivery_method: String,
}

/// A refusal of one field, in Chinese, saying what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field's name, e.g. `id_number`.
    pub field: String,
    pub message: String,
}

/// Every field error of one submission (never empty when returned as an error).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_string(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message for `field`, if it was refused.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<&str> = self.0.iter().map(|e| e.message.as_str()).collect();
        f.write_str(&parts.join("；"))
    }
}

impl std::error::Error for FieldErrors {}

// ---------------------------------------------------------------------------
// Codes and labels
// ---------------------------------------------------------------------------

impl IdDocument {
    /// The four documents, in the order a form lists them.
    pub const ALL: [IdDocument; 4] = [
        IdDocument::ResidentIdCard,
        IdDocument::Passport,
        IdDocument::OtherPersonal,
        IdDocument::CreditCode,
    ];

    /// The stable code (the serde name and the form's option value).
    pub fn code(self) -> &'static str {
        match self {
            IdDocument::ResidentIdCard => "resident_id_card",
            IdDocument::Passport => "passport",
            IdDocument::OtherPersonal => "other_personal",
            IdDocument::CreditCode => "credit_code",
        }
    }

    pub fn from_code(code: &str) -> Option<IdDocument> {
        IdDocument::ALL.into_iter().find(|d| d.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            IdDocument::ResidentIdCard => "居民身份证",
            IdDocument::Passport => "护照",
            IdDocument::OtherPersonal => "其他有效证件",
            IdDocument::CreditCode => "统一社会信用代码",
        }
    }

    /// Whether a natural person may prove identity with this document (all
    /// but the credit code); organisations use only [`IdDocument::CreditCode`].
    pub fn is_personal(self) -> bool {
        self != IdDocument::CreditCode
    }
}

impl DeliveryForm {
    pub const ALL: [DeliveryForm; 3] = [
        DeliveryForm::Paper,
        DeliveryForm::Electronic,
        DeliveryForm::Disc,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DeliveryForm::Paper => "paper",
            DeliveryForm::Electronic => "electronic",
            DeliveryForm::Disc => "disc",
        }
    }

    pub fn from_code(code: &str) -> Option<DeliveryForm> {
        DeliveryForm::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            DeliveryForm::Paper => "纸质",
            DeliveryForm::Electronic => "电子数据",
            DeliveryForm::Disc => "光盘",
        }
    }

    /// Whether information in this form can travel by `method`. Refused only
    /// where the combination is impossible: paper by e-mail or online, a disc
    /// by e-mail, online or fax, electronic data by fax.
    pub fn can_be_delivered_by(self, method: DeliveryMethod) -> bool {
        use DeliveryMethod::*;
        match self {
            DeliveryForm::Paper => matches!(method, Post | CollectInPerson | Fax),
            DeliveryForm::Electronic => !matches!(method, Fax),
            DeliveryForm::Disc => matches!(method, Post | CollectInPerson),
        }
    }
}

impl DeliveryMethod {
    pub const ALL: [DeliveryMethod; 5] = [
        DeliveryMethod::Post,
        DeliveryMethod::CollectInPerson,
        DeliveryMethod::Email,
        DeliveryMethod::Online,
        DeliveryMethod::Fax,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DeliveryMethod::Post => "post",
            DeliveryMethod::CollectInPerson => "collect_in_person",
            DeliveryMethod::Email => "email",
            DeliveryMethod::Online => "online",
            DeliveryMethod::Fax => "fax",
        }
    }

    pub fn from_code(code: &str) -> Option<DeliveryMethod> {
        DeliveryMethod::ALL.into_iter().find(|m| m.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            DeliveryMethod::Post => "邮寄",
            DeliveryMethod::CollectInPerson => "当面领取",
            DeliveryMethod::Email => "电子邮件",
            DeliveryMethod::Online => "在线查看",
            DeliveryMethod::Fax => "传真",
        }
    }
}

// ---------------------------------------------------------------------------
// Validation of the form
// ---------------------------------------------------------------------------

/// Longest 姓名/名称 accepted, in characters.
pub const NAME_MAX_CHARS: usize = 100;
/// Longest 联系人 accepted, in characters.
pub const CONTACT_PERSON_MAX_CHARS: usize = 100;
/// Longest address accepted, in characters.
pub const ADDRESS_MAX_CHARS: usize = 200;
/// Longest e-mail address accepted (RFC 5321 path limit).
pub const EMAIL_MAX_CHARS: usize = 254;
/// Shortest description of the information wanted, in characters: anything
/// shorter cannot let the agency find it (Art. 29 (二)) and would need 补正.
pub const DESCRIPTION_MIN_CHARS: usize = 5;
/// Longest description accepted, in characters.
pub const DESCRIPTION_MAX_CHARS: usize = 2000;
/// Passport and other personal document numbers: letters and digits only.
pub const OTHER_ID_MIN_CHARS: usize = 5;
pub const OTHER_ID_MAX_CHARS: usize = 20;

impl FieldErrors {
    /// The refused field names, in the order they were refused.
    pub fn fields(&self) -> Vec<&str> {
        self.0.iter().map(|e| e.field.as_str()).collect()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl ApplicationForm {
    /// Checks every field and returns the typed application, or **all** the
    /// field errors at once (never just the first), each keyed by the form
    /// field's name and saying in Chinese what to do.
    ///
    /// All fields are trimmed; full-width digits and letters in `id_number`,
    /// `phone`, `postcode` (and `email`) are converted to half-width first.
    /// Stored values are normalised: identity numbers in upper case without
    /// spaces, phones as `13800138000` or `0991-6012345` (extension after
    /// `转`), 文号 with `〔〕` around the year (see
    /// [`document_number_normalised`]). A natural person's `contact_person`
    /// is stored empty.
    pub fn validate(&self) -> Result<Application, FieldErrors> {
        let mut errors = FieldErrors::default();

        // applicant_kind
        let kind_text = self.applicant_kind.trim();
        let kind = ApplicantType::from_code(kind_text);
        if kind.is_none() {
            let choices: Vec<String> = ApplicantType::ALL.iter().map(|t| t.full_label()).collect();
            let msg = if kind_text.is_empty() {
                format!("请选择申请人类型：{}。", choices.join("、"))
            } else {
                format!(
                    "申请人类型“{kind_text}”无法识别，请从以下类型中选择一项：{}。",
                    choices.join("、")
                )
            };
            errors.push("applicant_kind", msg);
        }
        let is_org = kind.map(|k| !k.is_natural_person());

        // name
        let name = self.name.trim();
        if name.is_empty() {
            errors.push(
                "name",
                match is_org {
                    Some(false) => "请填写申请人姓名。",
                    Some(true) => "请填写法人或其他组织的名称，与营业执照或登记证书上的名称一致。",
                    None => "请填写申请人姓名（自然人）或名称（法人或其他组织）。",
                },
            );
        } else if name.chars().count() > NAME_MAX_CHARS {
            errors.push(
                "name",
                format!(
                    "姓名或名称不能超过{NAME_MAX_CHARS}个字，您输入了{}个字，请核对。",
                    name.chars().count()
                ),
            );
        }

        // id_document, with the cross-check against the applicant type
        let doc_text = self.id_document.trim();
        let doc = IdDocument::from_code(doc_text);
        match (doc, is_org) {
            (None, _) => {
                let choices: Vec<&str> = match is_org {
                    Some(false) => IdDocument::ALL
                        .iter()
                        .filter(|d| d.is_personal())
                        .map(|d| d.label())
                        .collect(),
                    Some(true) => vec![IdDocument::CreditCode.label()],
                    None => IdDocument::ALL.iter().map(|d| d.label()).collect(),
                };
                let msg = if doc_text.is_empty() {
                    format!("请选择身份证明的证件类型：{}。", choices.join("、"))
                } else {
                    format!(
                        "证件类型“{doc_text}”无法识别，请从以下类型中选择：{}。",
                        choices.join("、")
                    )
                };
                errors.push("id_document", msg);
            }
            (Some(IdDocument::CreditCode), Some(false)) => errors.push(
                "id_document",
                "统一社会信用代码只适用于法人或其他组织。自然人请选择居民身份证、护照或其他有效证件；如以单位名义申请，请将申请人类型改为法人或其他组织。",
            ),
            (Some(d), Some(true)) if d != IdDocument::CreditCode => errors.push(
                "id_document",
                "法人或其他组织应以统一社会信用代码证明身份，请将证件类型选为“统一社会信用代码”，并填写营业执照或登记证书上的18位代码。",
            ),
            _ => {}
        }

        // id_number: checked against the chosen document, whatever the kind
        let id_number = match doc {
            Some(d) => match validate_id_number(d, &self.id_number) {
                Ok(n) => n,
                Err(msg) => {
                    errors.push("id_number", msg);
                    String::new()
                }
            },
            None => {
                if self.id_number.trim().is_empty() {
                    errors.push("id_number", "请填写证件号码。");
                }
                String::new()
            }
        };

        // contact_person
        let contact_person = self.contact_person.trim();
        let contact_person = if is_org == Some(true) {
            if contact_person.is_empty() {
                errors.push(
                    "contact_person",
                    "请填写联系人姓名：法人或其他组织申请时，应写明负责办理此事的具体联系人。",
                );
            } else if contact_person.chars().count() > CONTACT_PERSON_MAX_CHARS {
                errors.push(
                    "contact_person",
                    format!("联系人姓名不能超过{CONTACT_PERSON_MAX_CHARS}个字，请核对。"),
                );
            }
            contact_person.to_string()
        } else {
            String::new()
        };

        // phone
        let phone = match normalise_phone(&self.phone) {
            Ok(p) => p,
            Err(msg) => {
                errors.push("phone", msg);
                String::new()
            }
        };

        // delivery_form, delivery_method
        let form_text = self.delivery_form.trim();
        let form = DeliveryForm::from_code(form_text);
        if form.is_none() {
            let choices: Vec<&str> = DeliveryForm::ALL.iter().map(|f| f.label()).collect();
            errors.push(
                "delivery_form",
                if form_text.is_empty() {
                    format!("请选择获取信息的形式：{}。", choices.join("、"))
                } else {
                    format!(
                        "获取信息的形式“{form_text}”无法识别，请从以下形式中选择：{}。",
                        choices.join("、")
                    )
                },
            );
        }
        let method_text = self.delivery_method.trim();
        let method = DeliveryMethod::from_code(method_text);
        match (form, method) {
            (_, None) => {
                let choices: Vec<&str> = DeliveryMethod::ALL.iter().map(|m| m.label()).collect();
                errors.push(
                    "delivery_method",
                    if method_text.is_empty() {
                        format!("请选择获取信息的方式：{}。", choices.join("、"))
                    } else {
                        format!(
                            "获取信息的方式“{method_text}”无法识别，请从以下方式中选择：{}。",
                            choices.join("、")
                        )
                    },
                );
            }
            (Some(f), Some(m)) if !f.can_be_delivered_by(m) => {
                let possible: Vec<&str> = DeliveryMethod::ALL
                    .iter()
                    .filter(|m| f.can_be_delivered_by(**m))
                    .map(|m| m.label())
                    .collect();
                errors.push(
                    "delivery_method",
                    format!(
                        "{}形式的信息无法通过{}方式提供，请选择{}，或者改选获取信息的形式。",
                        f.label(),
                        m.label(),
                        possible.join("、")
                    ),
                );
            }
            _ => {}
        }

        // email
        let email_text = to_half_width(self.email.trim());
        let email = if email_text.is_empty() {
            if method == Some(DeliveryMethod::Email) {
                errors.push(
                    "email",
                    "您选择了通过电子邮件获取信息，请填写电子邮箱地址，例如 name@example.com。",
                );
            }
            None
        } else {
            match normalise_email(&email_text) {
                Some(e) => Some(e),
                None => {
                    errors.push(
                        "email",
                        "电子邮箱地址格式不正确，应类似 name@example.com（不含空格和中文标点），请核对；如没有电子邮箱，可以不填。",
                    );
                    None
                }
            }
        };

        // address
        let address = self.address.trim();
        if address.is_empty() {
            if method == Some(DeliveryMethod::Post) {
                errors.push(
                    "address",
                    "您选择了邮寄方式，请填写详细的邮寄地址（省、市、区县、街道及门牌号）。",
                );
            }
        } else if address.chars().count() > ADDRESS_MAX_CHARS {
            errors.push(
                "address",
                format!("通信地址不能超过{ADDRESS_MAX_CHARS}个字，请精简。"),
            );
        }

        // postcode
        let postcode: String = to_half_width(self.postcode.trim())
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let postcode_ok = postcode.len() == 6 && postcode.bytes().all(|b| b.is_ascii_digit());
        if !postcode.is_empty() && !postcode_ok {
            errors.push(
                "postcode",
                "邮政编码应为6位数字（例如100017），请核对；如不清楚，可以不填。",
            );
        }

        // description
        let description = self.description.trim();
        let description_len = description.chars().count();
        if description.is_empty() {
            errors.push(
                "description",
                "请描述您需要的政府信息：写明信息的名称、文号，或者能够据以查找的其他特征（如制作机关、时间、事项）。",
            );
        } else if description_len < DESCRIPTION_MIN_CHARS {
            errors.push(
                "description",
                format!(
                    "所需信息的描述过于简略（至少{DESCRIPTION_MIN_CHARS}个字），请写明信息的名称、文号或能够据以查找的其他特征，以免被要求补正。"
                ),
            );
        } else if description_len > DESCRIPTION_MAX_CHARS {
            errors.push(
                "description",
                format!(
                    "所需信息的描述不能超过{DESCRIPTION_MAX_CHARS}个字（您输入了{description_len}个字），请精简；如需申请多项信息，可以分别提交申请。"
                ),
            );
        }

        // document_number
        let doc_number_text = self.document_number.trim();
        let document_number = if doc_number_text.is_empty() {
            None
        } else {
            match document_number_normalised(doc_number_text) {
                Some(n) => Some(n),
                None => {
                    errors.push(
                        "document_number",
                        "文号格式应为“机关代字〔年份〕序号号”，例如“国办发〔2017〕47号”，请核对；如不清楚文号，可以不填，在描述中写明信息名称即可。",
                    );
                    None
                }
            }
        };

        if !errors.is_empty() {
            return Err(errors);
        }
        // Every Option below is Some: a None pushed an error above.
        let (Some(kind), Some(id_document), Some(form), Some(method)) = (kind, doc, form, method)
        else {
            unreachable!("a missing code always records a field error");
        };
        Ok(Application {
            applicant: Applicant {
                kind,
                name: name.to_string(),
                id_document,
                id_number,
                contact_person,
                phone,
                email,
                address: address.to_string(),
                postcode,
            },
            request: InformationRequest {
                description: description.to_string(),
                document_number,
                form,
                method,
            },
        })
    }
}

impl From<&Application> for ApplicationForm {
    /// The form filled in from a valid application, e.g. to correct it (补正).
    fn from(a: &Application) -> ApplicationForm {
        ApplicationForm {
            applicant_kind: a.applicant.kind.code().to_string(),
            name: a.applicant.name.clone(),
            id_document: a.applicant.id_document.code().to_string(),
            id_number: a.applicant.id_number.clone(),
            contact_person: a.applicant.contact_person.clone(),
            phone: a.applicant.phone.clone(),
            email: a.applicant.email.clone().unwrap_or_default(),
            address: a.applicant.address.clone(),
            postcode: a.applicant.postcode.clone(),
            description: a.request.description.clone(),
            document_number: a.request.document_number.clone().unwrap_or_default(),
            delivery_form: a.request.form.code().to_string(),
            delivery_method: a.request.method.code().to_string(),
        }
    }
}

/// Checks an identity number against its document; returns it normalised.
fn validate_id_number(doc: IdDocument, raw: &str) -> Result<String, String> {
    let text: String = to_half_width(raw.trim())
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if text.is_empty() {
        return Err(format!("请填写{}号码。", doc.label()));
    }
    match doc {
        IdDocument::ResidentIdCard => ResidentId::parse(&text)
            .map(|id| id.as_str().to_string())
            .map_err(|e| e.to_string()),
        IdDocument::Passport | IdDocument::OtherPersonal => {
            let text = text.to_ascii_uppercase();
            let len = text.chars().count();
            if text.chars().all(|c| c.is_ascii_alphanumeric())
                && (OTHER_ID_MIN_CHARS..=OTHER_ID_MAX_CHARS).contains(&len)
            {
                Ok(text)
            } else {
                Err(format!(
                    "{}号码应为{OTHER_ID_MIN_CHARS}至{OTHER_ID_MAX_CHARS}位英文字母或数字（不含空格和符号），请对照证件核对。",
                    doc.label()
                ))
            }
        }
        IdDocument::CreditCode => validate_credit_code(&text),
    }
}

/// An organisation's identity: an 18-character unified social credit code
/// with the right check character ([`AgencyCode::parse`]).
fn validate_credit_code(text: &str) -> Result<String, String> {
    const WHERE: &str = "请对照营业执照或登记证书逐位核对后重新填写。";
    // Hyphens are allowed only inside the old 9-character organisation code.
    let text: String = text
        .chars()
        .filter(|c| !matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '―'))
        .collect();
    match AgencyCode::parse(&text) {
        Ok(code) if code.kind() == AgencyCodeKind::Uscc => Ok(code.as_str().to_string()),
        Ok(_) => Err(format!(
            "您填写的是9位组织机构代码，请改填营业执照或登记证书上的18位统一社会信用代码。{WHERE}"
        )),
        Err(e) => Err(match e {
            AgencyCodeError::UsccChecksum { .. } => format!(
                "统一社会信用代码未通过校验：第18位校验码与前17位不符，可能有字符录入错误，{WHERE}"
            ),
            AgencyCodeError::ForbiddenUsccLetter { .. } | AgencyCodeError::UsccRegion { .. } => {
                e.to_string()
            }
            AgencyCodeError::OrgCodeCheckChar { .. } | AgencyCodeError::OrgCodeChecksum { .. } => {
                format!("统一社会信用代码应为18位，您输入了9位。{WHERE}")
            }
            AgencyCodeError::OrgCodeLength { len } | AgencyCodeError::UsccLength { len } => {
                format!("统一社会信用代码应为18位，您输入了{len}位。{WHERE}")
            }
            AgencyCodeError::Empty => "请填写18位统一社会信用代码。".to_string(),
            AgencyCodeError::ContainsIndexSuffix | AgencyCodeError::InvalidChar { .. } => {
                format!("统一社会信用代码只能由数字和大写英文字母组成。{WHERE}")
            }
            other => format!("统一社会信用代码填写有误：{other}"),
        }),
    }
}

/// A mainland phone number: a mobile (`1[3-9]` + 9 digits, an optional
/// `+86`/`0086` prefix) or a landline with its area code (`010-12345678`,
/// `0991-6012345`; `(010)`, spaces and hyphens allowed) and an optional
/// extension (`转123`, `-123`, `ext 123`, `分机123`). Returns the normalised
/// form: `13800138000`, `010-12345678`, `010-12345678转123`.
fn normalise_phone(raw: &str) -> Result<String, String> {
    const HOW: &str = "请填写能联系到您的电话：手机号码为11位数字（例如13800138000）；固定电话请加区号（例如010-12345678、0991-6012345），分机号写在“转”之后。";
    let text = to_half_width(raw.trim());
    if text.is_empty() {
        return Err(format!("请填写联系电话。{HOW}"));
    }
    let lower = text.to_lowercase();
    // An explicit extension marker.
    let (main, ext) = ["转", "分机", "ext.", "ext", "x", "#"]
        .iter()
        .find_map(|m| {
            lower
                .find(m)
                .map(|at| (&lower[..at], Some(&lower[at + m.len()..])))
        })
        .unwrap_or((&lower[..], None));
    let ext = ext.map(|e| e.trim_matches(|c: char| c.is_whitespace() || c == '-' || c == ':'));
    // Groups of digits separated by spaces, hyphens, dashes, dots or brackets.
    let mut groups: Vec<String> = Vec::new();
    for part in main.split(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '.' | '(' | ')')
    }) {
        if !part.is_empty() {
            groups.push(part.to_string());
        }
    }
    if groups.is_empty() {
        return Err(HOW.to_string());
    }
    // Country code.
    if let Some(first) = groups.first_mut() {
        if let Some(rest) = first
            .strip_prefix("+86")
            .or_else(|| first.strip_prefix("0086"))
        {
            *first = rest.to_string();
        }
        if first.is_empty() {
            groups.remove(0);
        }
    }
    if groups
        .iter()
        .any(|g| !g.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format!("电话号码只能包含数字。{HOW}"));
    }
    let valid_ext =
        |e: &str| !e.is_empty() && e.len() <= 6 && e.bytes().all(|b| b.is_ascii_digit());
    let candidates: Vec<(String, Option<String>)> = {
        let mut c = vec![(groups.concat(), ext.map(str::to_string))];
        // `010-12345678-123`: a last group after a complete number is an extension.
        if ext.is_none() && groups.len() >= 3 {
            let (body, last) = groups.split_at(groups.len() - 1);
            c.push((body.concat(), Some(last[0].clone())));
        }
        c
    };
    for (digits, ext) in candidates {
        if ext.as_deref().is_some_and(|e| !valid_ext(e)) {
            continue;
        }
        if ext.is_none() && is_mobile(&digits) {
            return Ok(digits);
        }
        if let Some(landline) = landline(&digits) {
            return Ok(match ext {
                Some(e) => format!("{landline}转{e}"),
                None => landline,
            });
        }
    }
    Err(HOW.to_string())
}

fn is_mobile(digits: &str) -> bool {
    let b = digits.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

/// `0` + area code (3 digits in total for 010 and 02x, otherwise 4) + a local
/// number of 7 or 8 digits not starting with 0 or 1 → `area-local`.
fn landline(digits: &str) -> Option<String> {
    let b = digits.as_bytes();
    if b.len() < 3 || b[0] != b'0' {
        return None;
    }
    let area_len = if matches!(b[1], b'1' | b'2') { 3 } else { 4 };
    if b[1] == b'0' || b.len() <= area_len {
        return None;
    }
    let local = &digits[area_len..];
    if !(7..=8).contains(&local.len()) || local.starts_with(['0', '1']) {
        return None;
    }
    Some(format!("{}-{local}", &digits[..area_len]))
}

/// A plausible e-mail address: one `@`, a local part of printable ASCII
/// without spaces, a domain of dot-separated labels (letters, digits,
/// hyphens; no leading/trailing hyphen) ending in a top-level domain of at
/// least two letters. The domain is lower-cased.
fn normalise_email(text: &str) -> Option<String> {
    if text.chars().count() > EMAIL_MAX_CHARS {
        return None;
    }
    let (local, domain) = text.split_once('@')?;
    if local.is_empty()
        || local.len() > 64
        || local.starts_with('.')
        || local.ends_with('.')
        || local.contains("..")
        || !local.chars().all(|c| {
            c.is_ascii_graphic()
                && !matches!(
                    c,
                    '@' | '(' | ')' | ',' | ';' | ':' | '<' | '>' | '[' | ']' | '\\' | '"'
                )
        })
    {
        return None;
    }
    let domain = domain.to_ascii_lowercase();
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return None;
    }
    for label in &labels {
        if label.is_empty()
            || label.len() > 63
            || label.starts_with('-')
            || label.ends_with('-')
            || !label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return None;
        }
    }
    let tld = labels.last().expect("two labels");
    if tld.len() < 2 || !tld.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(format!("{local}@{domain}"))
}

// ---------------------------------------------------------------------------
// Document numbers (文号)
// ---------------------------------------------------------------------------

/// Opening brackets people type around the year of a 文号 instead of `〔`.
const YEAR_OPEN: &[char] = &[
    '〔', '[', '(', '（', '【', '［', '﹝', '〖', '{', '｛', '〈', '《', '<',
];
/// Closing brackets people type around the year of a 文号 instead of `〕`.
const YEAR_CLOSE: &[char] = &[
    '〕', ']', ')', '）', '】', '］', '﹞', '〗', '}', '｝', '〉', '》', '>',
];

/// Longest 机关代字 accepted, in characters.
const ISSUER_MAX_CHARS: usize = 30;
/// Longest serial number accepted, in digits.
const SERIAL_MAX_DIGITS: usize = 6;

/// Normalises a 文号 as typed and checks its shape; `None` if it is not one.
///
/// * Whitespace is removed and full-width digits become half-width.
/// * Any bracket pair around a 4-digit year (`[]`, `()`, `（）`, `【】`, `［］`,
///   `﹝﹞`, `〖〗` …) becomes the official `〔〕` (GB/T 9704):
///   `国办发[2017]47号` → `国办发〔2017〕47号`.
/// * The shape must then be `<机关代字>〔YYYY〕N号`: a 机关代字 of Chinese
///   characters, letters or digits (at least one not a digit), a year 1900–2099,
///   a serial number of up to 6 digits, then `号`. A `第` before the serial
///   number is dropped and a missing final `号` is added.
/// * Numbers without a bracketed year, like 令号 and 公告 numbers
///   (`国务院令第711号`, `海关总署公告2020年第1号`), are accepted in the shape
///   `<代字>第N号` and returned unchanged apart from whitespace and digits.
pub fn document_number_normalised(raw: &str) -> Option<String> {
    let chars: Vec<char> = to_half_width_digits(raw)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if chars.is_empty() {
        return None;
    }
    // Find `open YYYY close`.
    let bracket = (0..chars.len()).find(|&i| {
        YEAR_OPEN.contains(&chars[i])
            && chars.len() > i + 5
            && chars[i + 1..i + 5].iter().all(char::is_ascii_digit)
            && YEAR_CLOSE.contains(&chars[i + 5])
    });
    match bracket {
        Some(i) => {
            let issuer: String = chars[..i].iter().collect();
            let year: String = chars[i + 1..i + 5].iter().collect();
            let rest: String = chars[i + 6..].iter().collect();
            if !valid_issuer(&issuer) || !(year.starts_with("19") || year.starts_with("20")) {
                return None;
            }
            let rest = rest.strip_prefix('第').unwrap_or(&rest);
            let serial = rest.strip_suffix('号').unwrap_or(rest);
            if !valid_serial(serial) {
                return None;
            }
            Some(format!("{issuer}〔{year}〕{serial}号"))
        }
        None => {
            let text: String = chars.iter().collect();
            let body = text.strip_suffix('号')?;
            let at = body.rfind('第')?;
            let (issuer, serial) = (&body[..at], &body[at + '第'.len_utf8()..]);
            if !valid_issuer(issuer) || !valid_serial(serial) {
                return None;
            }
            Some(text)
        }
    }
}

fn to_half_width_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

fn valid_issuer(issuer: &str) -> bool {
    let n = issuer.chars().count();
    (1..=ISSUER_MAX_CHARS).contains(&n)
        && issuer
            .chars()
            .all(|c| is_cjk(c) || c.is_ascii_alphanumeric())
        && issuer.chars().any(|c| !c.is_ascii_digit())
}

fn valid_serial(serial: &str) -> bool {
    !serial.is_empty()
        && serial.len() <= SERIAL_MAX_DIGITS
        && serial.bytes().all(|b| b.is_ascii_digit())
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

// ---------------------------------------------------------------------------
// Masked views
// ---------------------------------------------------------------------------

impl Applicant {
    /// The identity number for staff who may see only partial data (other
    /// agencies, lists). Resident ID: first 6 and last 4 characters
    /// (`110105********002X`); passport and other documents: first 2 and last
    /// 2 (`E1*****78`), everything if 4 characters or fewer are masked. The
    /// unified social credit code of an organisation is public (national
    /// enterprise credit register) and is shown in full.
    pub fn masked_id(&self) -> String {
        match self.id_document {
            IdDocument::CreditCode => self.id_number.clone(),
            IdDocument::ResidentIdCard => mask_middle(&self.id_number, 6, 4),
            IdDocument::Passport | IdDocument::OtherPersonal => mask_middle(&self.id_number, 2, 2),
        }
    }

    /// The phone with all but the first 3 and last 4 digits masked, keeping
    /// separators and any extension: `138****8000`, `099*-***2345`,
    /// `010-****5678转123`.
    pub fn masked_phone(&self) -> String {
        let (main, ext) = match self.phone.split_once('转') {
            Some((m, e)) => (m, Some(e)),
            None => (self.phone.as_str(), None),
        };
        let digits = main.chars().filter(char::is_ascii_digit).count();
        let (keep_head, keep_tail) = if digits >= 8 { (3, 4) } else { (0, digits / 2) };
        let mut seen = 0;
        let mut out: String = main
            .chars()
            .map(|c| {
                if !c.is_ascii_digit() {
                    return c;
                }
                seen += 1;
                if seen <= keep_head || seen > digits - keep_tail {
                    c
                } else {
                    '*'
                }
            })
            .collect();
        if let Some(e) = ext {
            out.push('转');
            out.push_str(e);
        }
        out
    }
}

/// Keeps the first `head` and last `tail` characters and masks the rest; if
/// fewer than 4 characters would be masked, masks all but the last
/// `tail.min(len / 2)`.
fn mask_middle(text: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let (head, tail) = if n >= head + tail + 4 {
        (head, tail)
    } else {
        (0, tail.min(n / 2))
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < head || i >= n - tail { *c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_serde_names() {
        for d in IdDocument::ALL {
            assert_eq!(serde_json::to_value(d).unwrap(), d.code());
            assert_eq!(IdDocument::from_code(d.code()), Some(d));
        }
        for f in DeliveryForm::ALL {
            assert_eq!(serde_json::to_value(f).unwrap(), f.code());
            assert_eq!(DeliveryForm::from_code(f.code()), Some(f));
        }
        for m in DeliveryMethod::ALL {
            assert_eq!(serde_json::to_value(m).unwrap(), m.code());
            assert_eq!(DeliveryMethod::from_code(m.code()), Some(m));
        }
    }

    #[test]
    fn phones() {
        let ok = |s: &str| normalise_phone(s).unwrap();
        assert_eq!(ok("138 0013 8000"), "13800138000");
        assert_eq!(ok("+86 138-0013-8000"), "13800138000");
        assert_eq!(ok("0991-6012345"), "0991-6012345");
        assert_eq!(ok("(010) 6234 5678"), "010-62345678");
        assert_eq!(ok("010-62345678-123"), "010-62345678转123");
        assert_eq!(ok("021 62345678 转 8001"), "021-62345678转8001");
        assert_eq!(ok("09916012345"), "0991-6012345");
        for bad in [
            "12345",
            "12800138000",
            "6012345",
            "010-0123456",
            "138001380001",
            "电话",
        ] {
            assert!(normalise_phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails() {
        assert_eq!(
            normalise_email("Zhang.San@Example.COM").as_deref(),
            Some("Zhang.San@example.com")
        );
        for bad in [
            "a@b",
            "a@@b.cn",
            "@b.cn",
            "a b@c.cn",
            "a@-b.cn",
            "a@b.c",
            "a@b..cn",
            "张三@b.cn",
        ] {
            assert!(normalise_email(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn masks() {
        assert_eq!(mask_middle("E12345678", 2, 2), "E1*****78");
        assert_eq!(mask_middle("AB123", 2, 2), "***23");
    }
}
