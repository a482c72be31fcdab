//! Reading published reports: the corpus, round trips, sizes and unseen layouts; one test binary (one link).

mod corpus;
mod layouts;
mod roundtrip;
mod size;
mod unseen;
