//! The statutory vocabulary: one definition of each term the Regulation and the
//! national report formats use, with its article and its report row.
//!
//! Every enum here has a stable `code()` (stored in databases and URLs, and used
//! as its serde representation), a Chinese `label()` as the official texts word
//! it, `from_code()` and an `ALL` constant in the official order.

/// Serialize and deserialize a vocabulary enum as its `code()`.
macro_rules! serde_as_code {
    ($ty:ident) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                let code = <String as ::serde::Deserialize>::deserialize(deserializer)?;
                $ty::from_code(&code).ok_or_else(|| {
                    let expected: Vec<&str> = $ty::ALL.iter().map(|v| v.code()).collect();
                    ::serde::de::Error::custom(format!(
                        "unknown {} code `{}`, expected one of: {}",
                        stringify!($ty),
                        code,
                        expected.join(", ")
                    ))
                })
            }
        }
    };
}

pub mod applicant;
pub mod article20;
pub mod channel;
pub mod outcome;
pub mod report_format;

pub use applicant::ApplicantType;
pub use article20::{Article20Item, Article21Item, Article21Scope};
pub use channel::{Channel, PostKind};
pub use outcome::{Outcome, OutcomeCategory};
pub use report_format::{ReportFormat, Table2Block, Table3Row, Table3RowKind, Table4Column};
