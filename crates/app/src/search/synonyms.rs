//! 检索同义词组: the synonym groups an agency's administrator adds to the
//! platform's dictionary (`gongkai_search::Vocabulary`), and the vocabulary
//! each search expands its words with. Adding and deleting a group is the
//! agency administrator's (`Permission::AdministerAgency`, as every other
//! setting of the agency); the store audits both. A change takes effect with
//! the next search: expansion happens in the query, the index is untouched.

use gongkai_domain::policy::{Permission, may_in};
use gongkai_search::Vocabulary;
use gongkai_store::{
    AGENCY_SYNONYM_GROUPS_MAX, Agency, AgencyId, Staff, SynonymGroup, SynonymGroupId,
};

use crate::plans::access::relation;
use crate::{App, Error};

async fn may_administer(app: &App, who: &Staff, agency: &Agency) -> Result<(), Error> {
    let r = relation(app.store.as_ref(), who, agency.id).await?;
    may_in(&who.roles, Permission::AdministerAgency, r).map_err(|r| Error::forbidden(r.0))
}

/// The agency's own groups, oldest first (for its administrators).
pub async fn groups(app: &App, who: &Staff, agency: &Agency) -> Result<Vec<SynonymGroup>, Error> {
    may_administer(app, who, agency).await?;
    Ok(app.store.synonym_groups(agency.id).await?)
}

/// `who` adds the group typed as `text` (terms separated by “/” or “、”)
/// to the agency's; its terms as stored.
pub async fn add(
    app: &App,
    who: &Staff,
    agency: &Agency,
    text: &str,
) -> Result<Vec<String>, Error> {
    may_administer(app, who, agency).await?;
    let terms = gongkai_search::parse_group(text).map_err(Error::invalid)?;
    let existing = app.store.synonym_groups(agency.id).await?;
    if existing.len() >= AGENCY_SYNONYM_GROUPS_MAX {
        return Err(Error::invalid(format!(
            "本机关已有{AGENCY_SYNONYM_GROUPS_MAX}组同义词，已达上限：请先删去不再需要的组，或把意思相同的词合并到一组。"
        )));
    }
    let key = |terms: &[String]| {
        let mut k: Vec<String> = terms
            .iter()
            .map(|t| gongkai_search::fold::fold_text(t))
            .collect();
        k.sort();
        k
    };
    if existing.iter().any(|g| key(&g.terms) == key(&terms)) {
        return Err(Error::invalid(format!(
            "本机关已有同义词组“{}”，无需重复添加。",
            terms.join("/")
        )));
    }
    app.store
        .add_synonym_group(agency.id, &terms, who.id, app.clock.now())
        .await?;
    Ok(terms)
}

/// `who` deletes the agency's group `id`.
pub async fn delete(
    app: &App,
    who: &Staff,
    agency: &Agency,
    id: SynonymGroupId,
) -> Result<(), Error> {
    may_administer(app, who, agency).await?;
    app.store
        .delete_synonym_group(agency.id, id, who.id, app.clock.now())
        .await?;
    Ok(())
}

/// The vocabulary of a search, over the whole platform (`None`) or within
/// an agency's subtree: the platform's dictionary, and the groups of
///
/// - every online agency, for the whole platform: its results are every
///   agency's items, and each agency's words describe its own items (a
///   bureau's abbreviation of its own name finds its items wherever the
///   search starts);
/// - within an agency, the agencies of the subtree (whose items the results
///   are) and of its lineage (a province's or city's words are used by the
///   agencies below it), not its siblings': their words describe items that
///   cannot be among the results.
///
/// A group only adds alternatives (it never removes a result), the page
/// shows every alternative it searched ("已同时搜索：…"), and each group's
/// addition is in the audit trail with who added it.
pub async fn vocabulary(app: &App, within: Option<AgencyId>) -> Result<Vocabulary, Error> {
    let groups = app.store.synonyms_for_search(within).await?;
    Ok(Vocabulary::with_groups(&groups))
}
