//! Reading published reports: the corpus, HTML as a browser reads it, round trips, sizes and unseen layouts; one test binary (one link).

mod corpus;
mod html5;
mod layouts;
mod one_line;
mod placed_rows;
mod roundtrip;
mod size;
mod unseen;
