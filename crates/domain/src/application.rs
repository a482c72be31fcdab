//! An application for disclosure (政府信息公开申请), Art. 29: who applies, what
//! they ask for, and how they want it. Parsed from raw form fields into typed
//! values; every refusal names its field, so a form can show the message next
//! to it and keep what was typed.

use serde::{Deserialize, Serialize};

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
