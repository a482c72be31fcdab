//! Figures stated in free-text reports (before 2019).
