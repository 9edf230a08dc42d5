-- (b), (d) pages and lists: GET the path given on the command line, with the session cookie
-- (env BENCH_COOKIE) or the bearer token (env BENCH_TOKEN).
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")
local cookie = os.getenv("BENCH_COOKIE")
if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
