//! 内设机构和直属单位: adding an agency's units and saying which units a
//! staff member belongs to — the commands the units page calls (and an API
//! could). Who may is decided before (`Permission::AdministerAgency`); the
//! store audits each change.

use gongkai_domain::plan::{UnitKind, UnitName};
use gongkai_store::{
    AGENCY_UNITS_MAX, AgencyId, Conflict, StaffId, Store, StoreError, Unit, UnitId,
};

use crate::Error;

/// Add the unit `name` of `kind` (its code, `internal` or `subordinate`)
/// to the agency.
pub async fn add(
    store: &dyn Store,
    agency: AgencyId,
    name: &str,
    kind: &str,
    by: StaffId,
) -> Result<UnitId, Error> {
    let name = UnitName::parse(name).map_err(Error::invalid)?;
    let kind = UnitKind::from_code(kind)
        .ok_or_else(|| Error::invalid("请选择单位类别：内设机构或直属单位。"))?;
    // The store lists at most this many: one more would not be seen.
    if store.units(agency).await?.len() >= AGENCY_UNITS_MAX {
        return Err(Error::invalid(format!(
            "本机关已有{AGENCY_UNITS_MAX}个内设机构和直属单位，不能再添加：请核对是否有重复的单位。"
        )));
    }
    match store.add_unit(agency, &name, kind, Some(by)).await {
        Ok(id) => Ok(id),
        Err(StoreError::Conflict(Conflict::Unit)) => Err(Error::conflict(
            "单位名称重复",
            format!(
                "本机关已有名为“{name}”的单位：同一单位无需重复添加；不同的单位请使用能区分的名称。"
            ),
        )),
        Err(e) => Err(e.into()),
    }
}

/// `staff` (a staff member of `agency`) belongs to exactly `units` (units
/// of `agency`) from now.
pub async fn assign(
    store: &dyn Store,
    agency: AgencyId,
    staff: StaffId,
    units: &[UnitId],
    by: StaffId,
) -> Result<(), Error> {
    let member = store.staff(staff).await?;
    if member.is_none_or(|s| s.agency_id != agency) {
        return Err(Error::not_found("本机关的该工作人员"));
    }
    let own: Vec<UnitId> = store.units(agency).await?.iter().map(|u| u.id).collect();
    if let Some(u) = units.iter().find(|u| !own.contains(u)) {
        return Err(Error::invalid(format!(
            "编号为{u}的单位不是本机关的内设机构或直属单位：请刷新页面后重新选择。"
        )));
    }
    store.set_staff_units(staff, units, by).await?;
    Ok(())
}

/// The lead unit of a task that `staff` signs for (领办) as: the first of
/// `lead` they belong to, None when they belong to none.
pub async fn own_lead_unit(
    store: &dyn Store,
    staff: StaffId,
    lead: &[UnitId],
) -> Result<Option<UnitId>, Error> {
    let mine = store.staff_units(staff).await?;
    Ok(lead.iter().copied().find(|u| mine.contains(u)))
}

/// The name of unit `id` among `units`, or a placeholder for a unit that
/// is not (or no longer) the agency's.
pub fn name_of(units: &[Unit], id: UnitId) -> String {
    units
        .iter()
        .find(|u| u.id == id)
        .map_or_else(|| format!("（单位{id}）"), |u| u.name.to_string())
}
