//! The cells of the access matrix (`access_matrix.rs`): the expected
//! answer of one persona on one route, by status class, and whether a
//! response meets it.

use reqwest::StatusCode;

/// An expected answer, by status class.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Expect {
    /// `O`: 2xx.
    Ok,
    /// `R`: a redirect elsewhere than the login page.
    Redirect,
    /// `L`: a redirect to the login page (anonymous on a staff page).
    Login,
    /// `A`: allowed to act: not 401/403, not 5xx, not sent to log in (the
    /// empty body may well be refused as 400/422).
    Allowed,
    /// `F`: 403.
    Forbidden,
    /// `D`: 403 or 404 (a record outside one's reach may be hidden).
    Denied,
    /// `N`: 404.
    NotFound,
    /// `U`: 401 (the JSON API without a valid bearer token; a failed /track login).
    Unauthorized,
    /// `V`: refused: 403, or 400/422 because the empty body is refused before
    /// the role check runs (nothing is read or changed; see the report of issue 13).
    RefusedOrInvalid,
}

impl Expect {
    pub fn parse(code: &str) -> Expect {
        match code {
            "O" => Expect::Ok,
            "R" => Expect::Redirect,
            "L" => Expect::Login,
            "A" => Expect::Allowed,
            "F" => Expect::Forbidden,
            "D" => Expect::Denied,
            "N" => Expect::NotFound,
            "U" => Expect::Unauthorized,
            "V" => Expect::RefusedOrInvalid,
            other => panic!("unknown cell code {other}"),
        }
    }

    pub fn accepts(self, status: StatusCode, location: &str) -> bool {
        let to_login = status.is_redirection() && location.starts_with("/login");
        match self {
            Expect::Ok => status.is_success(),
            Expect::Redirect => status.is_redirection() && !to_login,
            Expect::Login => to_login,
            Expect::Allowed => {
                !to_login
                    && !status.is_server_error()
                    && status != StatusCode::UNAUTHORIZED
                    && status != StatusCode::FORBIDDEN
            }
            Expect::Forbidden => status == StatusCode::FORBIDDEN,
            Expect::Denied => status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
            Expect::NotFound => status == StatusCode::NOT_FOUND,
            Expect::Unauthorized => status == StatusCode::UNAUTHORIZED,
            Expect::RefusedOrInvalid => matches!(status.as_u16(), 403 | 400 | 422),
        }
    }
}
