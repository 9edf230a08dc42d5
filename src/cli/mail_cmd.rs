//! `disclosure mail-worker` (the outbox worker and 督办 reminders on their own), `disclosure
//! staff-email` (where a staff member's digests go), and the background worker `serve` starts.
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::{bail, Context};
use chrono::NaiveTime;
use clap::Args;
use disclosure_app::mail::{DeliveryRecorder, StaffAddress};
use disclosure_app::reminders::{enqueue_digests, ReminderSchedule};
use disclosure_app::Services;
use disclosure_calendar::Calendar;
use disclosure_core::actor::{Actor, Role};
use disclosure_mail::{
    china_now, stop_pair, MailTransport, SmtpSettings, StopHandle, TlsMode, TransportKind, Worker,
    WorkerPolicy,
};
use disclosure_store::{directory, Store};

use crate::config::MailConfig;

#[derive(Debug, Args)]
pub struct MailWorkerArgs {
    /// One round (the digests if their time has come, then one batch) and exit: for cron or a check.
    #[arg(long)]
    once: bool,
}

#[derive(Debug, Args)]
pub struct StaffEmailArgs {
    /// The staff member's user name.
    username: String,
    /// The address their 督办 digests go to.
    email: Option<String>,
    /// Remove the address: no more digests for this user.
    #[arg(long, conflicts_with = "email")]
    remove: bool,
}

/// The configured transport; `None` for `transport = "off"`. Shared by the worker and `doctor`.
pub fn transport(cfg: &MailConfig) -> anyhow::Result<Option<MailTransport>> {
    if cfg.transport == "off" {
        return Ok(None);
    }
    Ok(Some(
        match TransportKind::parse(&cfg.transport).context("[mail] transport")? {
            TransportKind::Smtp => MailTransport::smtp(&SmtpSettings {
                host: cfg.host.clone(),
                port: cfg.port,
                tls: TlsMode::parse(&cfg.tls).context("[mail] tls")?,
                user: cfg.user.clone(),
                password: cfg.password.clone(),
                timeout: Duration::from_secs(cfg.timeout_secs.max(1)),
                ca_file: cfg.ca_file.clone(),
            })
            .context("[mail]")?,
            TransportKind::File => MailTransport::file(cfg.dir.clone()).context("[mail] dir")?,
            TransportKind::Stdout => MailTransport::Stdout,
        },
    ))
}

/// A worker and its reminder schedule, from the configuration; `None` for `transport = "off"`.
fn build(
    cfg: &MailConfig,
    services: &Services,
) -> anyhow::Result<Option<(Worker, ReminderSchedule)>> {
    let Some(transport) = transport(cfg)? else {
        return Ok(None);
    };
    let at = NaiveTime::parse_from_str(&cfg.reminder_time, "%H:%M").with_context(|| {
        format!(
            "[mail] reminder_time `{}`: expected HH:MM",
            cfg.reminder_time
        )
    })?;
    let worker = Worker::new(
        services.store.clone(),
        transport,
        &cfg.from,
        WorkerPolicy::default(),
    )
    .context("[mail] from")?
    .with_after_send(Arc::new(DeliveryRecorder {
        calendar: services.calendar(),
    }));
    Ok(Some((worker, ReminderSchedule::new(at))))
}

fn reminders(store: &Store, cal: &Calendar, now: chrono::NaiveDateTime) {
    match enqueue_digests(store, cal, now) {
        Ok(n) if n > 0 => eprintln!("disclosure mail: {n} 督办 digests queued"),
        Ok(_) => {}
        Err(e) => eprintln!("disclosure mail: reminders: {e}"),
    }
}

/// The worker running in the background of `serve`.
#[derive(Debug)]
pub struct Background {
    stop: StopHandle,
    thread: JoinHandle<()>,
}

impl Background {
    /// Lets the mail in hand finish, then returns. The log line says the worker really ended (an
    /// operator, and the shutdown test, can tell a clean stop from a killed process).
    pub fn stop(self) {
        self.stop.stop();
        if self.thread.join().is_err() {
            tracing::error!("mail worker: the thread panicked");
        } else {
            tracing::info!("mail worker stopped");
        }
    }
}

/// Starts the worker in a thread unless mail is off.
pub fn start_background(
    cfg: &MailConfig,
    services: &Services,
) -> anyhow::Result<Option<Background>> {
    let Some((worker, mut schedule)) = build(cfg, services)? else {
        return Ok(None);
    };
    let (stop, token) = stop_pair();
    let store = services.store.clone();
    // The handle, not a snapshot: a year imported while the server runs reaches the reminders too.
    let cal = services.calendar_handle.clone();
    let thread = std::thread::Builder::new()
        .name("mail-worker".into())
        .spawn(move || {
            worker.run(&token, |now| {
                if schedule.due(now) {
                    reminders(&store, &cal.current(), now);
                }
            });
        })?;
    Ok(Some(Background { stop, thread }))
}

/// `disclosure mail-worker`.
pub fn run(
    a: &MailWorkerArgs,
    cfg: &MailConfig,
    database: &str,
    cal: Calendar,
) -> anyhow::Result<()> {
    let store = super::db_cmd::open(database)?;
    let services = Services::new(store, Arc::new(cal));
    services.load_imported_calendar()?;
    let Some((worker, mut schedule)) = build(cfg, &services)? else {
        bail!("[mail] transport is \"off\": nothing to run");
    };
    if a.once {
        let now = china_now();
        if schedule.due(now) {
            reminders(&services.store, &services.calendar(), now);
        }
        let r = worker.run_once(now, None);
        worker.release()?;
        let r = r?;
        println!(
            "mail: {} claimed, {} sent, {} to retry, {} failed",
            r.claimed, r.sent, r.retried, r.failed
        );
        return Ok(());
    }
    let bg = start_background(cfg, &services)?;
    drop(worker);
    println!(
        "disclosure: mail worker running ({}); Ctrl-C stops it",
        cfg.transport
    );
    actix_web::rt::System::new().block_on(async { actix_web::rt::signal::ctrl_c().await })?;
    if let Some(bg) = bg {
        bg.stop();
    }
    Ok(())
}

/// Who `disclosure staff-email` acts as in the record: the operator at the server's shell.
pub const CLI_ACTOR_ID: &str = "cli";
const CLI_ACTOR_NAME: &str = "命令行（系统管理员）";

/// `disclosure staff-email USERNAME EMAIL` (or `--remove`).
pub fn staff_email(a: &StaffEmailArgs, database: &str) -> anyhow::Result<()> {
    let email = match (&a.email, a.remove) {
        (Some(e), false) => Some(
            StaffAddress::parse(e)
                .with_context(|| format!("`{}` is not an e-mail address", e.trim()))?,
        ),
        (None, true) => None,
        _ => bail!("give either an e-mail address or --remove"),
    };
    let store = super::db_cmd::open(database)?;
    let user = store
        .read(|c| directory::user_by_username(c, a.username.trim()))?
        .with_context(|| format!("no user `{}`", a.username))?;
    let services = Services::new(store, Arc::new(Calendar::builtin()?));
    let by = Actor::Staff {
        user_id: CLI_ACTOR_ID.into(),
        name: CLI_ACTOR_NAME.into(),
        role: Role::Admin,
        agency_id: user.agency_id.clone(),
    };
    let changed = services.set_staff_email(&by, &user.id, email.as_ref(), china_now())?;
    match (&email, changed) {
        (_, None) => println!(
            "{} ({}): 督办提醒地址未变",
            user.display_name, user.username
        ),
        (Some(e), Some(_)) => println!(
            "{} ({}): 督办提醒发送至 {}",
            user.display_name,
            user.username,
            e.as_str()
        ),
        (None, Some(_)) => println!(
            "{} ({}): 已删除督办提醒地址，不再发送督办提醒",
            user.display_name, user.username
        ),
    }
    Ok(())
}
