//! Locations: the office names that group and domain grants can be limited to. A location is
//! matched by name across organisations (`domain::access::at_location`).
use crate::error::Result;
use domain::ValidationError;
use sqlx::AnyConnection;

/// A location as stored: the name of an existing office (any organisation's), or none for all.
pub(crate) async fn parse_location(conn: &mut AnyConnection, input: Option<&str>) -> Result<Option<String>> {
    let Some(wanted) = input.map(str::trim).filter(|l| !l.is_empty() && !l.eq_ignore_ascii_case("all")) else {
        return Ok(None);
    };
    let found: Option<String> = sqlx::query_scalar("SELECT MIN(name) FROM offices WHERE lower(name) = lower($1)")
        .bind(wanted)
        .fetch_one(&mut *conn)
        .await?;
    found.map(Some).ok_or_else(|| {
        ValidationError::new(
            "location",
            format!("There is no office called \"{wanted}\". Choose a location from the list, or All locations."),
        )
        .into()
    })
}

/// Every office name, once: the locations a group or domain can be limited to.
pub(crate) async fn locations(conn: &mut AnyConnection) -> Result<Vec<String>> {
    let names: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT name FROM offices ORDER BY name").fetch_all(&mut *conn).await?;
    Ok(names)
}
