//! The two engines' migrations describe one schema: the same versions, tables, columns (type
//! class and nullability), primary keys, unique and foreign keys, and named indexes. On the
//! PostgreSQL run the live PostgreSQL schema is compared with a SQLite database migrated in the
//! same test; on the SQLite run the migration lists are compared.

use crate::helpers::*;
use api::db::{Db, POSTGRES_MIGRATOR, SQLITE_MIGRATOR};
use std::collections::BTreeSet;

#[test]
fn both_engines_have_the_same_migration_versions_and_names() {
    let list = |m: &sqlx::migrate::Migrator| -> Vec<(i64, String)> {
        m.iter()
            .map(|x| (x.version, x.description.to_string()))
            .collect()
    };
    assert_eq!(list(&SQLITE_MIGRATOR), list(&POSTGRES_MIGRATOR));
    assert!(list(&SQLITE_MIGRATOR).len() >= 7);
}

/// One schema, engine-neutral: every fact a line.
async fn describe(db: &Db, postgres: bool) -> BTreeSet<String> {
    let mut facts = BTreeSet::new();
    let tables: Vec<(String,)> = if postgres {
        sqlx::query_as("SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'")
    } else {
        sqlx::query_as("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'")
    }
    .fetch_all(db)
    .await
    .unwrap();
    for (table,) in &tables {
        facts.insert(format!("table {table}"));
        if postgres {
            let cols: Vec<(String, String, String)> = sqlx::query_as(
                "SELECT column_name::text, data_type::text, is_nullable::text FROM information_schema.columns
                  WHERE table_schema = 'public' AND table_name = $1",
            )
            .bind(table)
            .fetch_all(db)
            .await
            .unwrap();
            for (name, ty, nullable) in cols {
                let class = match ty.as_str() {
                    "bigint" | "integer" | "smallint" => "integer",
                    "boolean" => "boolean",
                    "text" => "text",
                    other => panic!("{table}.{name}: unexpected type {other}"),
                };
                let null = if nullable == "YES" {
                    "null"
                } else {
                    "not null"
                };
                facts.insert(format!("column {table}.{name} {class} {null}"));
            }
            let keys: Vec<(String, String, Option<String>)> = sqlx::query_as(
                "SELECT c.contype::text,
                        (SELECT string_agg(a.attname::text, ',' ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
                           JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum),
                        c.confrelid::regclass::text
                   FROM pg_constraint c WHERE c.conrelid = $1::regclass AND c.contype IN ('p', 'u', 'f')",
            )
            .bind(table)
            .fetch_all(db)
            .await
            .unwrap();
            for (kind, cols, refs) in keys {
                facts.insert(match kind.as_str() {
                    "p" => format!("primary key {table}({cols})"),
                    "u" => format!("unique {table}({cols})"),
                    _ => format!(
                        "foreign key {table}({cols}) -> {}",
                        refs.unwrap_or_default()
                    ),
                });
            }
        } else {
            let sql: (String,) =
                sqlx::query_as("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = $1")
                    .bind(table)
                    .fetch_one(db)
                    .await
                    .unwrap();
            let cols: Vec<(String, String, i64, i64)> = sqlx::query_as(
                "SELECT name, type, \"notnull\", pk FROM pragma_table_info($1) ORDER BY cid",
            )
            .bind(table)
            .fetch_all(db)
            .await
            .unwrap();
            let mut pk: Vec<(i64, String)> = Vec::new();
            for (name, ty, notnull, in_pk) in cols {
                // SQLite keeps booleans as 0/1 integers with a CHECK; PostgreSQL as BOOLEAN.
                let flag = sql.0.contains(&format!("CHECK ({name} IN (0, 1))"));
                let class = match ty.to_ascii_uppercase().as_str() {
                    "INTEGER" | "BIGINT" if flag => "boolean",
                    "INTEGER" | "BIGINT" => "integer",
                    "BOOLEAN" => "boolean",
                    "TEXT" => "text",
                    other => panic!("{table}.{name}: unexpected type {other}"),
                };
                let null = if notnull == 1 || in_pk > 0 {
                    "not null"
                } else {
                    "null"
                };
                facts.insert(format!("column {table}.{name} {class} {null}"));
                if in_pk > 0 {
                    pk.push((in_pk, name));
                }
            }
            pk.sort();
            let pk: Vec<String> = pk.into_iter().map(|(_, n)| n).collect();
            facts.insert(format!("primary key {table}({})", pk.join(",")));
            let uniques: Vec<(String,)> =
                sqlx::query_as("SELECT name FROM pragma_index_list($1) WHERE origin = 'u'")
                    .bind(table)
                    .fetch_all(db)
                    .await
                    .unwrap();
            for (index,) in uniques {
                let cols: Vec<(String,)> =
                    sqlx::query_as("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                        .bind(&index)
                        .fetch_all(db)
                        .await
                        .unwrap();
                let cols: Vec<String> = cols.into_iter().map(|(c,)| c).collect();
                facts.insert(format!("unique {table}({})", cols.join(",")));
            }
            let fks: Vec<(i64, String, String)> = sqlx::query_as(
                "SELECT id, \"from\", \"table\" FROM pragma_foreign_key_list($1) ORDER BY id, seq",
            )
            .bind(table)
            .fetch_all(db)
            .await
            .unwrap();
            for (_, from, to) in fks {
                facts.insert(format!("foreign key {table}({from}) -> {to}"));
            }
        }
    }
    let indexes: Vec<(String, String)> = if postgres {
        sqlx::query_as(
            "SELECT i.tablename::text, i.indexname::text FROM pg_indexes i
              WHERE i.schemaname = 'public' AND i.tablename <> '_sqlx_migrations'
                AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        )
    } else {
        sqlx::query_as(
            "SELECT tbl_name, name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
        )
    }
    .fetch_all(db)
    .await
    .unwrap();
    for (table, index) in indexes {
        facts.insert(format!("index {table}.{index}"));
    }
    facts
}

#[tokio::test]
async fn the_postgresql_schema_is_the_sqlite_schema_in_postgresql_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = api::db::connect(&format!(
        "sqlite://{}",
        dir.path().join("schema.db").display()
    ))
    .await
    .unwrap();
    let sqlite_facts = describe(&sqlite, false).await;
    assert!(sqlite_facts.contains("column registrations.incumbent boolean not null"));
    assert!(sqlite_facts.contains("foreign key registrations(partner_id) -> partners"));
    if !on_postgres() {
        return;
    }
    let app = spawn_app().await;
    let pg_facts = describe(&app.db, true).await;
    let only_sqlite: Vec<_> = sqlite_facts.difference(&pg_facts).collect();
    let only_pg: Vec<_> = pg_facts.difference(&sqlite_facts).collect();
    assert!(
        only_sqlite.is_empty() && only_pg.is_empty(),
        "only in SQLite: {only_sqlite:#?}\nonly in PostgreSQL: {only_pg:#?}"
    );
}
