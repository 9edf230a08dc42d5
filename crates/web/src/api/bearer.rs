//! The API's caller: `Authorization: Bearer <token>` turned into the token user's actor, with role
//! and agency checked here once for every API route (no cookies, so no CSRF on the API).
use std::future::Future;
use std::pin::Pin;

use actix_web::http::{header, StatusCode};
use actix_web::{web, FromRequest, HttpRequest};
use disclosure_core::actor::{Actor, Role};

use crate::{ApiError, AppError, AppState};

/// An authenticated API caller.
#[derive(Debug, Clone)]
pub struct ApiCaller {
    pub actor: Actor,
    pub role: Role,
}

impl ApiCaller {
    /// Refuses the route to other roles (403).
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(AppError::forbidden("role_not_allowed", format!("{:?}", self.role)).into())
        }
    }

    /// The caller's display name (recorded on events and letters).
    pub fn name(&self) -> &str {
        match &self.actor {
            Actor::Staff { name, .. } => name,
            Actor::Portal { .. } => "",
        }
    }
}

fn unauthorized(code: &'static str) -> ApiError {
    AppError {
        status: StatusCode::UNAUTHORIZED,
        code,
        detail: String::new(),
        human: None,
    }
    .into()
}

impl FromRequest for ApiCaller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_string());
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::internal("no application state"))?;
            let token = token.ok_or_else(|| unauthorized("token_required"))?;
            let services = state.services.clone();
            let actor = web::block(move || services.authenticate_token(&token))
                .await
                .map_err(|e| AppError::internal(e.to_string()))?
                .map_err(|_| unauthorized("bad_token"))?;
            let role = actor
                .role()
                .ok_or_else(|| AppError::internal("token without a role"))?;
            Ok(Self { actor, role })
        })
    }
}
