//! Documents and reports rendered to DOCX and PDF and read back; one test binary (one link).

mod common;
mod documents;
mod report;
mod tables;
