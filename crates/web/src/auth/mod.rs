//! Staff authentication (password hashing is `gongkai_app::password`): the login check
//! with its throttling, the request's source address, session cookies.

pub mod login;
pub mod session;
pub mod source;

pub use session::{CurrentStaff, MaybeStaff, SESSION_COOKIE};
