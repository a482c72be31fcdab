//! The domain's worked examples and properties, one test binary (one link).

mod annual_report;
mod application_intake;
mod calendar_properties;
mod calendar_worked_examples;
mod case_register;
mod case_snapshot;
mod case_workflow;
mod catalogue;
mod catalogue_figures;
mod catalogue_published;
mod catalogue_workflow;
mod fees;
mod vocabulary;
