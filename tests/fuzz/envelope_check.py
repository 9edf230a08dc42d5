"""Schemathesis hooks for the API fuzz run (scripts/fuzz-api.sh): every 4xx answer must carry the
error envelope {"error": {"code": <stable code>, "message": <Chinese text>, "detail": ...}}."""
import schemathesis


@schemathesis.check
def error_envelope(ctx, response, case):
    if not 400 <= response.status_code < 500:
        return None
    try:
        body = response.json()
    except Exception as e:  # noqa: BLE001 - any parse failure is the finding
        raise AssertionError(f"{response.status_code} without a JSON body: {e}")
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        raise AssertionError(f"{response.status_code} without the error envelope: {body!r}")
    code, message = error.get("code"), error.get("message")
    if not (isinstance(code, str) and code and code.replace("_", "").isalnum()):
        raise AssertionError(f"no stable machine code: {error!r}")
    if not (isinstance(message, str) and any("\u4e00" <= ch <= "\u9fff" for ch in message)):
        raise AssertionError(f"no Chinese message: {error!r}")
    return None
