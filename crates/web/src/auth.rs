//! The extractor every staff route starts with: the logged-in user as an [`Actor`], with role and
//! agency, checked once here. No session → the login page.
use std::future::Future;
use std::pin::Pin;

use actix_session::SessionExt;
use actix_web::{web, FromRequest, HttpRequest};
use disclosure_app::auth::actor_of;
use disclosure_core::actor::{Actor, Role};
use disclosure_store::directory;

use crate::{session, AppError, AppState};

/// A logged-in staff member.
#[derive(Debug, Clone)]
pub struct Staff {
    pub actor: Actor,
    pub name: String,
    pub role: Role,
    pub csrf: String,
}

impl Staff {
    /// Refuses the route to other roles (403).
    pub fn require(&self, roles: &[Role]) -> Result<(), AppError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(AppError::forbidden(
                "role_not_allowed",
                format!("{:?}", self.role),
            ))
        }
    }
}

impl FromRequest for Staff {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let session = req.get_session();
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::internal("no application state"))?;
            let user_id = session::live_user_id(&session, state.clock.now())
                .ok_or_else(AppError::login_required)?;
            let services = state.services.clone();
            let user = web::block(move || services.store.read(|c| directory::user(c, &user_id)))
                .await
                .map_err(|e| AppError::internal(e.to_string()))?
                .map_err(|_| AppError::login_required())?;
            if !user.active {
                session::log_out(&session);
                return Err(AppError::login_required());
            }
            let actor = actor_of(&user).map_err(|e| AppError::internal(e.to_string()))?;
            let role = actor
                .role()
                .ok_or_else(|| AppError::internal("staff without a role"))?;
            Ok(Staff {
                name: user.display_name,
                role,
                csrf: session::csrf_token(&session),
                actor,
            })
        })
    }
}
