//! The reasons library's table on both backends (issue #8): published clause versions read back
//! exactly (Chinese text, microsecond timestamps), per agency, the latest in force; a version number
//! taken twice is refused; the table is append-only — an update or a delete is refused by the
//! database itself, not only by the code.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use chrono::NaiveDateTime;
use diesel::prelude::*;
use disclosure_store::directory;
use disclosure_store::model::Agency;
use disclosure_store::reasons::{
    clause_version, clause_versions, insert_clause, latest_clause, ClauseRow,
};
use disclosure_store::{DatabaseUrl, Store, StoreError};
use disclosure_testkit::TestDb;

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test] fn $name() { let db = disclosure_testkit::TestDb::sqlite(); super::$name(&db); })*
        }
        mod postgres {
            $(#[test] fn $name() { if let Some(db) = disclosure_testkit::TestDb::postgres() { super::$name(&db); } })*
        }
    };
}

on_both_backends!(
    published_versions_read_back_per_agency_with_the_latest_in_force,
    a_version_number_taken_twice_or_below_2_is_refused_and_nothing_changes,
    the_clause_table_is_append_only_in_the_database,
);

fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").unwrap()
}

fn open(db: &TestDb) -> Store {
    let store = Store::open(&DatabaseUrl::parse(&db.url).unwrap()).unwrap();
    for id in ["A", "B"] {
        store
            .write(|c| {
                directory::insert_agency(
                    c,
                    &Agency {
                        id: id.into(),
                        name: format!("某市{id}区人民政府办公室"),
                        doc_prefix: "某府信公开".into(),
                        address: "某路1号".into(),
                        contact: "010-12345678".into(),
                        review_body: "某市人民政府".into(),
                        court: "某市中级人民法院".into(),
                        created_at: t("2026-01-01 00:00:00"),
                    },
                )
            })
            .unwrap();
    }
    store
}

fn row(agency: &str, key: &str, version: i32, wording: &str, at: &str) -> ClauseRow {
    ClauseRow {
        agency_id: agency.into(),
        outcome_key: key.into(),
        version,
        citation_key: "15".into(),
        wording: wording.into(),
        note: "写明征求第三方意见的经过".into(),
        published_by: "u-legal".into(),
        published_by_name: "李正（法制审核）".into(),
        published_at: t(at),
    }
}

const KEY: &str = "withheld.third_party_rights";

fn published_versions_read_back_per_agency_with_the_latest_in_force(db: &TestDb) {
    let store = open(db);
    let v2 = row(
        "A",
        KEY,
        2,
        "您申请获取的政府信息涉及第三方商业秘密，第三方不同意公开，本机关不予公开。",
        "2026-11-02 09:15:30.123456",
    );
    let v3 = row(
        "A",
        KEY,
        3,
        "您申请获取的政府信息涉及“喆堃”公司的商业秘密，本机关不予公开。",
        "2026-11-20 16:00:00.000001",
    );
    let b2 = row("B", KEY, 2, "本机关不予公开。", "2026-11-21 08:00:00");
    store
        .write(|c| -> Result<(), StoreError> {
            insert_clause(c, &v2)?;
            insert_clause(c, &v3)?;
            insert_clause(c, &b2)
        })
        .unwrap();
    assert_eq!(
        store.read(|c| latest_clause(c, "A", KEY)).unwrap(),
        Some(v3.clone())
    );
    assert_eq!(
        store.read(|c| latest_clause(c, "B", KEY)).unwrap(),
        Some(b2)
    );
    // Another outcome has only its built-in version.
    assert_eq!(
        store
            .read(|c| latest_clause(c, "A", "withheld.state_secret"))
            .unwrap(),
        None
    );
    assert_eq!(
        store.read(|c| clause_version(c, "A", KEY, 2)).unwrap(),
        Some(v2.clone())
    );
    assert_eq!(
        store.read(|c| clause_version(c, "A", KEY, 4)).unwrap(),
        None
    );
    assert_eq!(
        store.read(|c| clause_versions(c, "A")).unwrap(),
        vec![v2, v3]
    );
}

fn a_version_number_taken_twice_or_below_2_is_refused_and_nothing_changes(db: &TestDb) {
    let store = open(db);
    let v2 = row("A", KEY, 2, "第一次。", "2026-11-02 09:00:00");
    store.write(|c| insert_clause(c, &v2)).unwrap();
    // A concurrent publication that computed the same number.
    let again = row("A", KEY, 2, "第二次。", "2026-11-02 09:00:01");
    assert!(matches!(
        store.write(|c| insert_clause(c, &again)),
        Err(StoreError::Database(_))
    ));
    // Version 1 is built in, never stored.
    let one = row("A", KEY, 1, "内置。", "2026-11-02 09:00:02");
    assert!(store.write(|c| insert_clause(c, &one)).is_err());
    assert_eq!(store.read(|c| clause_versions(c, "A")).unwrap(), vec![v2]);
}

fn the_clause_table_is_append_only_in_the_database(db: &TestDb) {
    let store = open(db);
    let v2 = row("A", KEY, 2, "原措辞。", "2026-11-02 09:00:00");
    store.write(|c| insert_clause(c, &v2)).unwrap();
    let update = store.write(|c| -> Result<usize, StoreError> {
        Ok(diesel::sql_query("UPDATE reply_clauses SET wording = '改过的措辞。'").execute(c)?)
    });
    assert!(update.is_err(), "{update:?}");
    let delete = store.write(|c| -> Result<usize, StoreError> {
        Ok(diesel::sql_query("DELETE FROM reply_clauses").execute(c)?)
    });
    assert!(delete.is_err(), "{delete:?}");
    assert_eq!(store.read(|c| clause_versions(c, "A")).unwrap(), vec![v2]);
}
