//! `GET /api/v1/openapi.json`: the OpenAPI 3 document, generated from the handlers' annotations
//! so it cannot drift from the routes.
use actix_web::{get, HttpResponse};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "disclosure API",
        description = "政府信息依申请公开办理系统接口。Errors: `{\"error\": {\"code\", \"message\", \"detail\"}}` with a stable `code` and a Chinese `message`. Tokens: `disclosure token create --user NAME`."
    ),
    paths(
        super::deadline::deadline,
        super::cases::list,
        super::cases::register,
        super::cases::get_case,
        super::cases::action,
        super::cases::documents,
        super::cases::document,
        super::cases::attachment,
    ),
    modifiers(&BearerAuth),
    tags((name = "cases"), (name = "documents"), (name = "calendar"))
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

#[get("/openapi.json")]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
