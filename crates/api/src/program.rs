//! Program storage: the program-wide settings channel managers change through the API — today
//! the pipeline fields shared with partners (`program_shared_fields`). The registration window
//! and SLA are read with the registrations ([`crate::registrations::program`]).

use domain::pipeline::SharedField;

/// The program's shared fields, in their canonical order.
pub async fn shared_fields<'e, E>(db: E) -> Result<Vec<SharedField>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows: Vec<(String,)> = sqlx::query_as("SELECT field FROM program_shared_fields")
        .fetch_all(db)
        .await?;
    let mut fields: Vec<SharedField> = rows
        .iter()
        .filter_map(|(f,)| SharedField::parse(f))
        .collect();
    fields.sort();
    Ok(fields)
}

/// Replaces the shared fields with `fields` (delete, then one insert each, in order). Run it in
/// a transaction that holds the `program:shared_fields` lock row (see [`crate::db::lock`]), so
/// concurrent replacements run one after the other.
pub async fn replace_shared_fields(
    conn: &mut crate::db::Conn,
    fields: &[SharedField],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM program_shared_fields")
        .execute(&mut *conn)
        .await?;
    for f in fields {
        sqlx::query("INSERT INTO program_shared_fields (field) VALUES ($1)")
            .bind(f.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
