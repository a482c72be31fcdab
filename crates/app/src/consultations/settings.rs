//! The agency's threshold of 较为集中的意见: no national rule fixes the
//! number, so an agency may set its own (2 to 100, checked by the domain);
//! without one the platform default (`CONCENTRATED_DEFAULT`) applies.

use gongkai_domain::participation::consultation::{CONCENTRATED_DEFAULT, check_concentrated};
use gongkai_domain::policy::{Permission, Principal, may_here};
use gongkai_store::{AgencyId, StaffId};

use super::stamp;
use crate::{App, Error};

/// The threshold in force for `agency`.
pub async fn concentrated(app: &App, agency: AgencyId) -> Result<u32, Error> {
    Ok(app
        .store
        .concentrated_threshold(agency)
        .await?
        .unwrap_or(CONCENTRATED_DEFAULT))
}

/// The agency's own setting, if any (for the form).
pub async fn own(app: &App, agency: AgencyId) -> Result<Option<u32>, Error> {
    Ok(app.store.concentrated_threshold(agency).await?)
}

/// Set the threshold of `reader`'s agency as typed; empty: back to the
/// platform default.
pub async fn set_concentrated(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    typed: &str,
) -> Result<(), Error> {
    may_here(reader.roles, Permission::ManageConsultations).map_err(|r| Error::forbidden(r.0))?;
    let value = match typed.trim() {
        "" => None,
        t => Some(check_concentrated(t).map_err(Error::invalid)?),
    };
    app.store
        .set_concentrated_threshold(reader.agency, value, stamp(app, by))
        .await?;
    Ok(())
}
