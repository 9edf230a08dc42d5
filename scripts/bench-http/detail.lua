-- (c) case detail: GET /api/v1/cases/{id} for ids drawn in turn from the file BENCH_IDS.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
local ids = {}
for line in io.lines(os.getenv("BENCH_IDS")) do ids[#ids + 1] = line end
local i = 0
request = function()
  i = i % #ids + 1
  return wrk.format("GET", "/api/v1/cases/" .. ids[i])
end
