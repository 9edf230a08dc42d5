//! The services every surface calls: load → decide → append, in one transaction each.
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use chrono::{Datelike, NaiveDateTime};
use disclosure_calendar::Calendar;
use disclosure_core::actor::Actor;
use disclosure_core::applicant::IdDocument;
use disclosure_core::case::{decide, Application, Case, Command, Event};
use disclosure_core::values::{CaseNumber, DocNumber};
use disclosure_store::cases as store_cases;
use disclosure_store::model::{CaseRow, NewApplicant, RegisteredCase, StoredEvent};
use disclosure_store::queries::{self, CaseFilter, CaseListItem};
use disclosure_store::{directory, AnyConnection, Store, StoreError};

use crate::auth::{actor_of, verify_password};
use crate::records::{projection, to_event, to_new_event};
use crate::ServiceError;

/// A case as loaded for display: its projection row, its folded state and its record.
#[derive(Debug, Clone)]
pub struct LoadedCase {
    pub row: CaseRow,
    pub case: Case,
    pub events: Vec<StoredEvent>,
}

impl LoadedCase {
    pub fn number(&self) -> CaseNumber {
        crate::issued::row_number(&self.row)
    }
}

/// The official calendar the services compute on. Clones share it, and an imported year's notice
/// replaces it for all of them at once, so a running server counts with the new year without a
/// restart (R-TIME-10). Each computation takes one snapshot ([`SharedCalendar::current`]) and keeps it
/// to the end, so a swap never mixes two calendars in one answer.
#[derive(Debug, Clone)]
pub struct SharedCalendar(Arc<RwLock<Arc<Calendar>>>);

impl SharedCalendar {
    pub fn new(calendar: Arc<Calendar>) -> Self {
        Self(Arc::new(RwLock::new(calendar)))
    }

    /// The calendar in force now.
    pub fn current(&self) -> Arc<Calendar> {
        // A panic while holding the lock cannot leave a half-written Arc: the value is still whole.
        self.0
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Puts `calendar` in force for every holder of this handle.
    pub fn replace(&self, calendar: Arc<Calendar>) {
        *self.0.write().unwrap_or_else(PoisonError::into_inner) = calendar;
    }
}

/// The application services over one store and calendar; cheap to clone.
#[derive(Debug, Clone)]
pub struct Services {
    pub store: Store,
    /// Shared by every clone; read it with [`Services::calendar`].
    pub calendar_handle: SharedCalendar,
    /// One calendar import at a time in this process (the database refuses a concurrent one of the
    /// same year from another instance).
    pub(crate) calendar_import_lock: Arc<Mutex<()>>,
    /// The letter fonts, loaded once; `None` when they are not installed (letters then refuse).
    pub fonts: Option<Arc<disclosure_letters::Fonts>>,
    /// Why the fonts are missing, for the error page and `doctor`.
    pub fonts_problem: Option<String>,
    /// Failed logins per user name (throttling).
    pub login_guard: Arc<crate::login_guard::LoginGuard>,
    /// What one submission of files may carry.
    pub upload_limits: crate::attachments::UploadLimits,
    /// Online applications per client address and hour (the portal's rate limit).
    pub portal_guard: Arc<crate::submission_guard::SubmissionGuard>,
    /// Whether the client address comes from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
}

impl Services {
    /// Services without letter fonts (tests, CLI commands that print no letters).
    pub fn new(store: Store, calendar: Arc<Calendar>) -> Self {
        Self {
            store,
            calendar_handle: SharedCalendar::new(calendar),
            calendar_import_lock: Arc::default(),
            fonts: None,
            fonts_problem: Some("fonts not loaded".into()),
            login_guard: Arc::default(),
            upload_limits: crate::attachments::UploadLimits::default(),
            portal_guard: Arc::default(),
            trust_forwarded_for: false,
        }
    }

    /// The calendar in force now (a snapshot: keep it for the whole computation).
    pub fn calendar(&self) -> Arc<Calendar> {
        self.calendar_handle.current()
    }

    /// Loads the letter fonts from `config`; a missing font is remembered, not fatal, so the rest of
    /// the system runs while an administrator installs it.
    pub fn with_fonts(mut self, config: &disclosure_letters::FontConfig) -> Self {
        match disclosure_letters::Fonts::load(config) {
            Ok(f) => {
                self.fonts = Some(Arc::new(f));
                self.fonts_problem = None;
            }
            Err(e) => self.fonts_problem = Some(e.to_string()),
        }
        self
    }

    /// Checks a user name and password; the same error for an unknown user and a wrong password.
    /// A name with too many failures in a row is refused for a while, even with the right password.
    pub fn authenticate(
        &self,
        username: &str,
        password: &str,
        now: NaiveDateTime,
    ) -> Result<Actor, ServiceError> {
        if let Some(until) = self.login_guard.locked_until(username, now) {
            return Err(ServiceError::LoginThrottled(until));
        }
        let user = self
            .store
            .read(|c| directory::user_by_username(c, username.trim()))?
            .filter(|u| u.active);
        match user {
            Some(u) if verify_password(password, &u.password_hash) => {
                self.login_guard.succeeded(username);
                actor_of(&u)
            }
            _ => {
                self.login_guard.failed(username, now);
                Err(ServiceError::BadCredentials)
            }
        }
    }

    /// Registers an application (R-APP-1, R-APP-2): decides, then writes the case, its number (gapless
    /// per agency and year of registration) and its first event in one transaction.
    pub fn register(
        &self,
        actor: &Actor,
        application: Application,
        now: NaiveDateTime,
    ) -> Result<(RegisteredCase, LoadedCase), ServiceError> {
        self.register_with_attachments(actor, application, &[], now)
    }

    /// Registers an application with the files that came with it (scans, identity documents), all
    /// in one transaction: a refused file registers nothing.
    pub fn register_with_attachments(
        &self,
        actor: &Actor,
        application: Application,
        uploads: &[crate::attachments::Upload],
        now: NaiveDateTime,
    ) -> Result<(RegisteredCase, LoadedCase), ServiceError> {
        let checked = crate::attachments::check_uploads(uploads, self.upload_limits)?;
        let cal = self.calendar();
        let events = decide(
            &Case::default(),
            Command::Register {
                application: application.clone(),
            },
            actor,
            now,
            &cal,
        )?;
        let case = Case::from_events(&events);
        let proj = projection(&case, &cal)?;
        let first = events
            .first()
            .ok_or_else(|| ServiceError::Corrupt("registration produced no event".into()))?;
        let new_event = to_new_event(first, actor, now)?;
        let applicant = new_applicant(&application);
        let reg = self
            .store
            .write(|c| -> Result<RegisteredCase, ServiceError> {
                let reg = store_cases::register(
                    c,
                    actor.agency_id(),
                    now.year(),
                    Some(&applicant),
                    &proj,
                    &new_event,
                )?;
                if checked.is_empty() {
                    return Ok(reg);
                }
                let mut case = case;
                let mut added = Vec::new();
                for cmd in crate::attachments::keep_uploads(c, &reg.case_id, actor, checked, now)? {
                    for e in decide(&case, cmd, actor, now, &cal)? {
                        case.apply(&e);
                        added.push(to_new_event(&e, actor, now)?);
                    }
                }
                let proj = projection(&case, &cal)?;
                store_cases::append(c, &reg.case_id, 1, &added, &proj, now)?;
                Ok(reg)
            })?;
        let loaded = self.load(actor, &reg.case_id)?;
        Ok((reg, loaded))
    }

    /// What registering would fix, without registering: the receipt date (R-APP-2) and the due
    /// date with its provisional flag (R-TIME-1), for the clerk to check before saving.
    pub fn preview_registration(
        &self,
        actor: &Actor,
        application: Application,
        now: NaiveDateTime,
    ) -> Result<(chrono::NaiveDate, Option<chrono::NaiveDate>, bool), ServiceError> {
        let cal = self.calendar();
        let events = decide(
            &Case::default(),
            Command::Register { application },
            actor,
            now,
            &cal,
        )?;
        let case = Case::from_events(&events);
        let receipt = case
            .receipt_date
            .ok_or_else(|| ServiceError::Corrupt("registration without a receipt date".into()))?;
        let deadline = case.deadline(&cal).and_then(Result::ok);
        Ok((
            receipt,
            deadline.as_ref().and_then(|d| d.due.map(|x| x.date)),
            deadline.is_some_and(|d| d.provisional),
        ))
    }

    /// Loads a case of the actor's agency; another agency's case is "not found".
    pub fn load(&self, actor: &Actor, case_id: &str) -> Result<LoadedCase, ServiceError> {
        let loaded = self
            .store
            .read(|c| load_case(c, case_id))
            .map_err(|e| match e {
                StoreError::NotFound(_) => ServiceError::NotFound,
                e => e.into(),
            })?;
        if loaded.row.agency_id != actor.agency_id() {
            return Err(ServiceError::NotFound);
        }
        Ok(loaded)
    }

    /// Gives a command to a case at `expected_version` (the version the user saw): load → decide →
    /// append, in one transaction. A stale version fails with `stale_case_version`.
    pub fn execute(
        &self,
        actor: &Actor,
        case_id: &str,
        expected_version: i32,
        command: Command,
        now: NaiveDateTime,
    ) -> Result<LoadedCase, ServiceError> {
        self.write_case(actor, case_id, expected_version, now, |_, _| Ok(command))
    }

    fn write_case(
        &self,
        actor: &Actor,
        case_id: &str,
        expected_version: i32,
        now: NaiveDateTime,
        command: impl FnOnce(&mut AnyConnection, &CaseRow) -> Result<Command, ServiceError>,
    ) -> Result<LoadedCase, ServiceError> {
        self.write_case_commands(actor, case_id, expected_version, now, |c, row, _| {
            Ok(vec![command(c, row)?])
        })
    }

    /// Issues the approved reply: allocates the next 字号 of the agency's year inside the same
    /// transaction as the `ReplyIssued` event, so a failed issue leaves no gap, and takes the
    /// reasons library's clause in force for the reply's outcome (recorded with the event).
    pub fn issue_reply(
        &self,
        actor: &Actor,
        case_id: &str,
        expected_version: i32,
        now: NaiveDateTime,
    ) -> Result<LoadedCase, ServiceError> {
        self.write_case_commands(actor, case_id, expected_version, now, |c, row, case| {
            let agency = directory::agency(c, &row.agency_id)?;
            let seq = store_cases::next_doc_seq(c, &row.agency_id, now.year())?;
            let doc_number = DocNumber::new(
                &agency.doc_prefix,
                now.year(),
                u32::try_from(seq).unwrap_or(0),
            )
            .map_err(|e| ServiceError::Corrupt(e.to_string()))?;
            let clause = crate::reasons::clause_for_issue(c, &row.agency_id, case)?;
            Ok(vec![Command::IssueReply { doc_number, clause }])
        })
    }

    /// Decides `commands` in order on one case and appends all their events in one transaction:
    /// the first refusal writes nothing.
    pub(crate) fn write_case_commands(
        &self,
        actor: &Actor,
        case_id: &str,
        expected_version: i32,
        now: NaiveDateTime,
        commands: impl FnOnce(&mut AnyConnection, &CaseRow, &Case) -> Result<Vec<Command>, ServiceError>,
    ) -> Result<LoadedCase, ServiceError> {
        let cal = self.calendar();
        self.store.write(|c| -> Result<(), ServiceError> {
            let loaded = load_case(c, case_id)?;
            if loaded.row.agency_id != actor.agency_id() {
                return Err(ServiceError::NotFound);
            }
            // The row and the events are read by two statements; on PostgreSQL (READ COMMITTED)
            // a command another instance commits in between shows as more events than the row's
            // version. Either way the caller saw an older case: a conflict (409), not a refusal of
            // the command against a state the caller never saw (tests/multi_instance.rs).
            let events_seen = i32::try_from(loaded.events.len()).unwrap_or(i32::MAX);
            if loaded.row.version != expected_version || events_seen != expected_version {
                return Err(StoreError::Conflict {
                    expected: expected_version,
                    found: loaded.row.version.max(events_seen),
                }
                .into());
            }
            let mut case = loaded.case.clone();
            let mut events = Vec::new();
            for cmd in commands(c, &loaded.row, &loaded.case)? {
                let decided = decide(&case, cmd, actor, now, &cal)?;
                for e in &decided {
                    case.apply(e);
                }
                events.extend(decided);
            }
            let proj = projection(&case, &cal)?;
            let new_events = events
                .iter()
                .map(|e| to_new_event(e, actor, now))
                .collect::<Result<Vec<_>, _>>()?;
            store_cases::append(c, case_id, expected_version, &new_events, &proj, now)?;
            let registered_on = loaded
                .events
                .first()
                .map_or(now.date(), |e| e.recorded_at.date());
            let kept = self.keep_issued_documents(
                c,
                &loaded.row,
                registered_on,
                &loaded.case,
                &case,
                &events,
                now,
            )?;
            // Mail these events cause, with the documents they issued, in this same transaction
            // (crates/app/src/mail.rs).
            crate::mail::enqueue_for_events(c, &loaded.row, &case, &events, &kept, &cal, now)?;
            Ok(())
        })?;
        self.load(actor, case_id)
    }

    /// The cases of a list, for the actor's agency only.
    pub fn list(
        &self,
        actor: &Actor,
        mut filter: CaseFilter,
    ) -> Result<Vec<CaseListItem>, ServiceError> {
        filter.agency_id = actor.agency_id().to_string();
        Ok(self.store.read(|c| queries::list_cases(c, &filter))?)
    }

    /// A page of the actor's agency's cases matching `filter`, with the totals of every page (all,
    /// and due before `due_before`), read on one connection.
    pub fn list_with_totals(
        &self,
        actor: &Actor,
        mut filter: CaseFilter,
        due_before: chrono::NaiveDate,
    ) -> Result<(Vec<CaseListItem>, queries::CaseTotals), ServiceError> {
        filter.agency_id = actor.agency_id().to_string();
        Ok(self.store.read(|c| {
            let totals = queries::totals(c, &filter, due_before)?;
            Ok((queries::list_cases(c, &filter)?, totals))
        })?)
    }

    /// 进度查询: the case with this number and tracking code, whatever the agency.
    pub fn track(
        &self,
        number: CaseNumber,
        tracking_code: &str,
    ) -> Result<LoadedCase, ServiceError> {
        let seq = i32::try_from(number.seq).map_err(|_| ServiceError::NotFound)?;
        let row = self
            .store
            .read(|c| queries::find_by_tracking(c, number.year, seq, tracking_code.trim()))?
            .ok_or(ServiceError::NotFound)?;
        Ok(self.store.read(|c| load_case(c, &row.id))?)
    }
}

fn load_case(c: &mut AnyConnection, case_id: &str) -> Result<LoadedCase, StoreError> {
    let row = store_cases::case_row(c, case_id)?;
    let events = store_cases::load_events(c, case_id)?;
    let mut case = Case::default();
    for s in &events {
        let e: Event = to_event(s).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        case.apply(&e);
    }
    Ok(LoadedCase { row, case, events })
}

pub(crate) fn new_applicant(a: &Application) -> NewApplicant {
    let p = &a.applicant;
    let (id_doc_type, id_doc_number) = match &p.id_document {
        None => (None, None),
        Some(IdDocument::ResidentId(id)) => (
            Some("resident_id".to_string()),
            Some(id.as_str().to_string()),
        ),
        Some(IdDocument::Other { kind, number }) => (Some(kind.clone()), Some(number.clone())),
    };
    NewApplicant {
        kind: serde_json::to_value(p.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        name: p.name.clone(),
        id_doc_type,
        id_doc_number,
        phone: p.phone.as_ref().map(|x| x.as_str().to_string()),
        email: p.email.clone(),
        address: p.address.clone(),
    }
}
