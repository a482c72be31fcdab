//! Intake of an application (Art. 29): the raw form is checked field by
//! field, every error at once, each keyed by the form field's name.

use gongkai_domain::application::{
    ApplicationForm, DeliveryForm, DeliveryMethod, IdDocument, document_number_normalised,
};
use gongkai_domain::identity::{IdNumberError, ResidentId};
use gongkai_domain::vocabulary::ApplicantType;

// 11010519491231002X — the public GB 11643 sample:
//   1·7 + 1·9 + 0·10 + 1·5 + 0·8 + 5·4 + 1·2 + 9·1 + 4·6 + 9·3 + 1·7 + 2·9
//   + 3·10 + 1·5 + 0·8 + 0·4 + 2·2
//   = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 → "10X98765432"[2] = X.
const SAMPLE_ID: &str = "11010519491231002X";

// 110105199003070017, computed here:
//   1·7 + 1·9 + 0·10 + 1·5 + 0·8 + 5·4 + 1·2 + 9·1 + 9·6 + 0·3 + 0·7 + 3·9
//   + 0·10 + 7·5 + 0·8 + 0·4 + 1·2
//   = 7+9+0+5+0+20+2+9+54+0+0+27+0+35+0+0+2 = 170; 170 mod 11 = 5 → "10X98765432"[5] = 7.
const OWN_ID: &str = "110105199003070017";

// 650102200002291231 (born on the leap day 2000-02-29), computed here:
//   6·7 + 5·9 + 0·10 + 1·5 + 0·8 + 2·4 + 2·2 + 0·1 + 0·6 + 0·3 + 0·7 + 2·9
//   + 2·10 + 9·5 + 1·8 + 2·4 + 3·2
//   = 42+45+0+5+0+8+4+0+0+0+0+18+20+45+8+8+6 = 209; 209 mod 11 = 0 → "10X98765432"[0] = 1.
const LEAP_DAY_ID: &str = "650102200002291231";

// 916501002286002919, a GB 32100 code computed here. Values of the first 17
// characters 9 1 6 5 0 1 0 0 2 2 8 6 0 0 2 9 1, weights 3^(i-1) mod 31
// 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28:
//   9+3+54+135+0+26+0+0+40+58+200+78+0+0+20+270+28 = 921; 921 mod 31 = 22;
//   31 − 22 = 9 → check character "9".
const COMPANY_USCC: &str = "916501002286002919";

fn natural_person() -> ApplicationForm {
    ApplicationForm {
        applicant_kind: "natural_person".into(),
        name: " 张三 ".into(),
        id_document: "resident_id_card".into(),
        id_number: "11010519491231002x".into(),
        contact_person: String::new(),
        phone: "138 0013 8000".into(),
        email: String::new(),
        address: "北京市西城区府右街2号".into(),
        postcode: "100017".into(),
        description: "国务院办公厅关于印发政府信息公开信息处理费管理办法的通知全文".into(),
        document_number: "国办函[2020]109号".into(),
        delivery_form: "paper".into(),
        delivery_method: "post".into(),
    }
}

fn organisation() -> ApplicationForm {
    ApplicationForm {
        applicant_kind: "commercial_enterprise".into(),
        name: "新疆某某建设工程有限公司".into(),
        id_document: "credit_code".into(),
        id_number: COMPANY_USCC.into(),
        contact_person: "李四".into(),
        phone: "0991-6012345".into(),
        email: "office@example.cn".into(),
        address: String::new(),
        postcode: String::new(),
        description: "2023年乌鲁木齐市某片区棚户区改造项目的征收补偿方案".into(),
        document_number: String::new(),
        delivery_form: "electronic".into(),
        delivery_method: "email".into(),
    }
}

#[test]
fn art29_valid_natural_person_form() {
    let app = natural_person().validate().expect("valid");
    let a = &app.applicant;
    assert_eq!(a.kind, ApplicantType::NaturalPerson);
    assert_eq!(a.name, "张三");
    assert_eq!(a.id_document, IdDocument::ResidentIdCard);
    assert_eq!(a.id_number, SAMPLE_ID);
    assert_eq!(a.phone, "13800138000");
    assert_eq!(a.email, None);
    assert_eq!(a.contact_person, "");
    assert_eq!(
        app.request.document_number.as_deref(),
        Some("国办函〔2020〕109号")
    );
    assert_eq!(app.request.form, DeliveryForm::Paper);
    assert_eq!(app.request.method, DeliveryMethod::Post);
    // Masked views for staff of other agencies and lists.
    assert_eq!(a.masked_id(), "110105********002X");
    assert_eq!(a.masked_phone(), "138****8000");
}

#[test]
fn art29_valid_natural_person_with_other_valid_ids() {
    for id in [OWN_ID, LEAP_DAY_ID] {
        let mut form = natural_person();
        form.id_number = id.into();
        assert_eq!(form.validate().expect(id).applicant.id_number, id);
    }
    let mut form = natural_person();
    form.id_document = "passport".into();
    form.id_number = "e 1234 5678".into();
    let app = form.validate().expect("passport");
    assert_eq!(app.applicant.id_number, "E12345678");
    assert_eq!(app.applicant.masked_id(), "E1*****78");
}

#[test]
fn art29_valid_organisation_form() {
    let app = organisation().validate().expect("valid");
    let a = &app.applicant;
    assert_eq!(a.kind, ApplicantType::CommercialEnterprise);
    assert_eq!(a.id_document, IdDocument::CreditCode);
    assert_eq!(a.id_number, COMPANY_USCC);
    assert_eq!(a.contact_person, "李四");
    assert_eq!(a.phone, "0991-6012345");
    assert_eq!(a.email.as_deref(), Some("office@example.cn"));
    assert_eq!(app.request.document_number, None);
    // A credit code is public; the phone is masked keeping its hyphen.
    assert_eq!(a.masked_id(), COMPANY_USCC);
    assert_eq!(a.masked_phone(), "099*-***2345");
}

#[test]
fn art29_empty_form_reports_every_required_field_at_once() {
    let errors = ApplicationForm::default().validate().unwrap_err();
    let mut fields = errors.fields();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "applicant_kind",
            "delivery_form",
            "delivery_method",
            "description",
            "id_document",
            "id_number",
            "name",
            "phone",
        ]
    );
    // The applicant type error lists the six choices.
    let kind = errors.get("applicant_kind").unwrap();
    for label in [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ] {
        assert!(kind.contains(label), "{kind}");
    }
    assert!(errors.get("delivery_method").unwrap().contains("当面领取"));
    assert!(errors.get("id_document").unwrap().contains("居民身份证"));
}

#[test]
fn art29_empty_organisation_also_needs_a_contact_person() {
    let form = ApplicationForm {
        applicant_kind: "research_institution".into(),
        ..Default::default()
    };
    let errors = form.validate().unwrap_err();
    assert!(errors.get("contact_person").is_some());
    assert!(errors.get("applicant_kind").is_none());
    assert!(errors.get("name").unwrap().contains("名称"));
}

#[test]
fn art29_bad_resident_id_check_digit() {
    let mut form = natural_person();
    form.id_number = "110105194912310021".into();
    let errors = form.validate().unwrap_err();
    assert_eq!(errors.fields(), ["id_number"]);
    let msg = errors.get("id_number").unwrap();
    assert_eq!(
        msg,
        "身份证号码最后一位校验码与前17位不符，请核对是否输错。"
    );
    // The message never reveals the right check character.
    assert!(!msg.contains('X'));
}

#[test]
fn art29_resident_id_refusals_say_what_is_wrong() {
    assert_eq!(
        ResidentId::parse("11010519491231002").unwrap_err(),
        IdNumberError::Length { len: 17 }
    );
    assert_eq!(
        ResidentId::parse("11010519491231002")
            .unwrap_err()
            .to_string(),
        "身份证号码应为18位，您输入了17位，请核对。"
    );
    assert_eq!(
        ResidentId::parse("110105491231002").unwrap_err(),
        IdNumberError::OldFifteenDigit
    );
    assert!(matches!(
        ResidentId::parse("11010519491231O02X").unwrap_err(),
        IdNumberError::NotDigit {
            position: 15,
            found: 'O'
        }
    ));
    assert!(matches!(
        ResidentId::parse("11010519491231002Y").unwrap_err(),
        IdNumberError::CheckCharInvalid { found: 'Y' }
    ));
    // 19490230: no such day. 18800101: before 1900.
    assert!(matches!(
        ResidentId::parse("110105194902300021").unwrap_err(),
        IdNumberError::BirthDate { .. }
    ));
    assert!(matches!(
        ResidentId::parse("440524188001010014").unwrap_err(),
        IdNumberError::BirthDate { .. }
    ));
    // Full-width digits and spaces are accepted.
    assert_eq!(
        ResidentId::parse("１１０１０５ １９４９１２３１ ００２ｘ")
            .unwrap()
            .as_str(),
        SAMPLE_ID
    );
}

#[test]
fn art29_credit_code_with_wrong_check_character() {
    let mut form = organisation();
    form.id_number = "916501002286002918".into();
    let errors = form.validate().unwrap_err();
    assert_eq!(errors.fields(), ["id_number"]);
    let msg = errors.get("id_number").unwrap();
    assert!(msg.contains("统一社会信用代码"), "{msg}");
    assert!(msg.contains("校验"), "{msg}");
    assert!(msg.contains("核对"), "{msg}");
}

#[test]
fn art29_organisation_needs_credit_code_and_person_may_not_use_one() {
    let mut org = organisation();
    org.id_document = "resident_id_card".into();
    org.id_number = SAMPLE_ID.into();
    let errors = org.validate().unwrap_err();
    assert_eq!(errors.fields(), ["id_document"]);
    assert!(
        errors
            .get("id_document")
            .unwrap()
            .contains("统一社会信用代码")
    );

    let mut person = natural_person();
    person.id_document = "credit_code".into();
    person.id_number = COMPANY_USCC.into();
    let errors = person.validate().unwrap_err();
    assert_eq!(errors.fields(), ["id_document"]);

    // A 9-character organisation code is not enough.
    let mut org = organisation();
    org.id_number = "00001434-9".into();
    let msg = org.validate().unwrap_err();
    assert!(msg.get("id_number").unwrap().contains("18位"));
}

#[test]
fn art29_email_required_for_email_delivery() {
    let mut form = organisation();
    form.email = "  ".into();
    let errors = form.validate().unwrap_err();
    assert_eq!(errors.fields(), ["email"]);
    assert!(errors.get("email").unwrap().contains("电子邮箱"));

    form.email = "office@example".into();
    assert_eq!(form.validate().unwrap_err().fields(), ["email"]);

    // Optional for other methods, but checked when given.
    let mut person = natural_person();
    person.email = "zhangsan@example".into();
    assert_eq!(person.validate().unwrap_err().fields(), ["email"]);
    // Typed with the Chinese input method on: full-width ＠ and ． are accepted.
    person.email = "zhangsan＠Example．COM".into();
    assert_eq!(
        person.validate().unwrap().applicant.email.as_deref(),
        Some("zhangsan@example.com")
    );
}

#[test]
fn art29_address_required_for_post() {
    let mut form = natural_person();
    form.address = String::new();
    assert_eq!(form.validate().unwrap_err().fields(), ["address"]);
    form.delivery_method = "collect_in_person".into();
    assert!(form.validate().is_ok());
}

#[test]
fn art29_postcode_is_six_digits() {
    let mut form = natural_person();
    form.postcode = "10001".into();
    assert_eq!(form.validate().unwrap_err().fields(), ["postcode"]);
    form.postcode = "１０００１７".into();
    assert_eq!(form.validate().unwrap().applicant.postcode, "100017");
}

#[test]
fn art29_description_length() {
    let mut form = natural_person();
    form.description = "文件".into();
    assert_eq!(form.validate().unwrap_err().fields(), ["description"]);
    form.description = "字".repeat(2001);
    assert_eq!(form.validate().unwrap_err().fields(), ["description"]);
    form.description = "字".repeat(2000);
    assert!(form.validate().is_ok());
}

#[test]
fn art29_impossible_delivery_combination() {
    let mut form = natural_person();
    form.delivery_method = "email".into();
    form.email = "a@example.cn".into();
    // Paper cannot be sent by e-mail.
    let errors = form.validate().unwrap_err();
    assert_eq!(errors.fields(), ["delivery_method"]);
    form.delivery_form = "electronic".into();
    assert!(form.validate().is_ok());
}

#[test]
fn art29_document_number_bracket_styles_are_normalised() {
    for typed in [
        "国办发[2017]47号",
        "国办发(2017)47号",
        "国办发（2017）47号",
        "国办发【2017】47号",
        "国办发［2017］47号",
        "国办发〔2017〕47号",
        "国办发 [2017] 47 号",
        "国办发〔２０１７〕４７号",
        "国办发〔2017〕第47号",
        "国办发〔2017〕47",
    ] {
        assert_eq!(
            document_number_normalised(typed).as_deref(),
            Some("国办发〔2017〕47号"),
            "{typed}"
        );
    }
    // Decree and announcement numbers have no bracketed year.
    assert_eq!(
        document_number_normalised("国务院令第711号").as_deref(),
        Some("国务院令第711号")
    );
    assert_eq!(
        document_number_normalised("海关总署公告2020年第1号").as_deref(),
        Some("海关总署公告2020年第1号")
    );
    for bad in [
        "",
        "不清楚",
        "〔2017〕47号",
        "国办发〔17〕47号",
        "国办发〔2017〕四十七号",
        "国办发2017",
    ] {
        assert_eq!(document_number_normalised(bad), None, "{bad}");
    }
}

#[test]
fn art29_unrecognisable_document_number_is_refused_on_the_form() {
    let mut form = natural_person();
    form.document_number = "不知道".into();
    let errors = form.validate().unwrap_err();
    assert_eq!(errors.fields(), ["document_number"]);
    assert!(errors.get("document_number").unwrap().contains("可以不填"));
}

#[test]
fn art29_full_width_digits_in_phone_accepted() {
    let mut form = natural_person();
    form.phone = "１３８００１３８０００".into();
    assert_eq!(form.validate().unwrap().applicant.phone, "13800138000");
    form.phone = "０１０－６２３４５６７８".into();
    assert_eq!(form.validate().unwrap().applicant.phone, "010-62345678");
}

#[test]
fn art29_phone_must_be_mobile_or_landline_with_area_code() {
    let mut form = natural_person();
    for bad in ["6012345", "12345678901", "1380013800"] {
        form.phone = bad.into();
        assert_eq!(form.validate().unwrap_err().fields(), ["phone"], "{bad}");
    }
    form.phone = "010-62345678 转 123".into();
    let app = form.validate().unwrap();
    assert_eq!(app.applicant.phone, "010-62345678转123");
    assert_eq!(app.applicant.masked_phone(), "010-****5678转123");
}

#[test]
fn art29_codes_and_labels() {
    let labels: Vec<&str> = IdDocument::ALL.iter().map(|d| d.label()).collect();
    assert_eq!(
        labels,
        ["居民身份证", "护照", "其他有效证件", "统一社会信用代码"]
    );
    let labels: Vec<&str> = DeliveryForm::ALL.iter().map(|f| f.label()).collect();
    assert_eq!(labels, ["纸质", "电子数据", "光盘"]);
    let labels: Vec<&str> = DeliveryMethod::ALL.iter().map(|m| m.label()).collect();
    assert_eq!(labels, ["邮寄", "当面领取", "电子邮件", "在线查看", "传真"]);
    assert_eq!(
        DeliveryMethod::from_code("collect_in_person"),
        Some(DeliveryMethod::CollectInPerson)
    );
    assert_eq!(IdDocument::from_code("身份证"), None);
}

#[test]
fn art29_valid_application_refills_its_form() {
    let app = organisation().validate().unwrap();
    let form = ApplicationForm::from(&app);
    assert_eq!(form.validate().unwrap(), app);
}
