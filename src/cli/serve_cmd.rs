//! `disclosure serve`: the web application.
use std::sync::Arc;

use clap::Args;
use disclosure_calendar::Calendar;
use disclosure_web::AppState;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "DISCLOSURE_BIND")]
    bind: String,
}

pub fn run(a: &ServeArgs, cal: Calendar) -> anyhow::Result<()> {
    let state = AppState {
        calendar: Arc::new(cal),
    };
    println!("disclosure: serving on http://{}/", a.bind);
    actix_web::rt::System::new().block_on(disclosure_web::serve(&a.bind, state))?;
    Ok(())
}
