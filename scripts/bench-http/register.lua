-- (a) API registrations: POST /api/v1/cases as the clerk's bearer token (env BENCH_TOKEN).
-- BENCH_THINK_MS > 0: each connection waits a think time (exponential, that mean) before each
-- request, like clerks who register and then turn to the next applicant: an open-ish load whose
-- latency is the server's, not the queue of a closed loop at full speed.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")
local n = 0
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/json"
local think = tonumber(os.getenv("BENCH_THINK_MS") or "0")
if think > 0 then
  math.randomseed(os.time())
  delay = function()
    return math.floor(-think * math.log(1 - math.random()))
  end
end
request = function()
  n = n + 1
  local body = string.format([[{"channel":"in_person","arrived_on":"2026-09-28","applicant_kind":"natural_person","name":"压测申请人%d","id_type":"resident_id","id_number":"11010519491231002X","phone":"13800138000","address":"示范市人民路1号","description":"2025年老旧小区改造资金安排","requested_form":"paper","delivery":"post"}]], n)
  return wrk.format(nil, nil, nil, body)
end
