//! gongkai's domain core: the law of government information disclosure
//! (《中华人民共和国政府信息公开条例》, State Council Decree 711) as data and pure
//! functions. Nothing in this crate performs I/O; the vendored calendar and
//! report tables are compiled in.

pub mod access;
pub mod agency;
pub mod agency_code;
pub mod application;
pub mod calendar;
pub mod case;
pub mod catalogue;
pub mod dates;
pub mod deadline;
pub mod document;
pub mod fees;
pub mod health;
pub mod identity;
pub mod markup;
pub mod participation;
pub mod plan;
pub mod policy;
pub mod report;
pub mod scorecard;
pub mod similarity;
pub mod site;
pub mod staff;
pub mod vocabulary;
