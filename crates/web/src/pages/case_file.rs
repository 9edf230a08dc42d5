//! The 案卷 of a case as one PDF: the 卷内目录, the 登记表 and 登记回执, then every kept document
//! as issued. Legal staff print it when a case goes to 行政复议 or court; any staff member of the
//! agency may read the case, so any may print its file, and another agency's case is not found.
use actix_web::{get, web, HttpResponse};
use disclosure_app::ServiceError;

use crate::auth::Staff;
use crate::pages::case_letters::pdf;
use crate::{AppError, AppState};

#[get("/cases/{id}/case-file.pdf")]
pub async fn case_file(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (services, actor, id) = (state.services.clone(), staff.actor, path.into_inner());
    let (bytes, number) = web::block(move || -> Result<_, ServiceError> {
        let loaded = services.load(&actor, &id)?;
        Ok((services.case_file(&loaded)?, loaded.number().to_string()))
    })
    .await??;
    Ok(pdf(bytes, &format!("case-file-{number}.pdf")))
}
