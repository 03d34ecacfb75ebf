-- The handle cycle accept -> commitSolution1 -> confirm on tickets of a pre-created pool (TRIGGERED, assigned to
-- OPERATOR). One batch per ticket, pipelined on one connection: Kestrel answers a connection's requests in order,
-- so each step sees the previous one done. A fourth request, GET /bench-cycle-done/<ticket>, ends the batch: the
-- server answers it 404 naming the path, which tells this script which cycle just finished, so it can time whole
-- cycles itself (wrk's own latency statistics are not meaningful for pipelined batches). Markers are counted
-- apart, not as failures; wrk's request count includes them.
-- wrk ... -s handle.lua URL -- POOL_FILE THREADS
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")

local ffi = require("ffi")
ffi.cdef [[
   typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
   int clock_gettime(int clock_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now_us()
   ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
   return tonumber(ts.tv_sec) * 1000000 + tonumber(ts.tv_nsec) / 1000
end

local OPERATOR = "7da46971b7e24eed90cf777cc2ff8b91"
local PATH = "/v1/external/incident/handle"
local MARKER = "/bench-cycle-done/"
local pool = {}
local next_index = 1
local sent_at = {}
exhausted = 0
markers = 0
cycle_us = {}

function init(args)
   local me, threads = id or 0, tonumber(args[2] or "1")
   local n = 0
   for line in io.lines(args[1]) do
      if line ~= "" then
         if n % threads == me then table.insert(pool, line) end
         n = n + 1
      end
   end
end

local function post(body)
   return wrk.format("POST", PATH, { ["Host"] = wrk.headers["Host"], ["Content-Type"] = "application/json" }, body)
end

function request()
   local number = pool[next_index]
   if number == nil then
      -- The pool ran out (or this is wrk's start-up check, which runs before init): reuse, reported as exhausted.
      exhausted = exhausted + ((#pool > 0) and 1 or 0)
      next_index = 1
      number = pool[1] or "IM00000000000000000000000000"
   end
   next_index = next_index + 1
   sent_at[number] = now_us()
   return post(string.format('{"incident_num":"%s","operator":"%s","operate_key":"acceptedIncident1"}', number, OPERATOR))
      .. post(string.format('{"incident_num":"%s","operator":"%s","operate_key":"commitSolution1","parameter":' ..
         '{"mtm_type":"inc_type_p_function_issues","is_service_interrupt":false,"cause":"disk filled by logs",' ..
         '"solution":"rotated logs and raised the quota"}}', number, OPERATOR))
      .. post(string.format('{"incident_num":"%s","operator":"%s","operate_key":"confirm","parameter":' ..
         '{"virtual_confirm_result":true,"virtual_confirm_comment":"verified"}}', number, OPERATOR))
      .. wrk.format("GET", MARKER .. number, { ["Host"] = wrk.headers["Host"] })
end

local counted = response
function response(status, headers, body)
   if status == 404 and body then
      local number = string.match(body, "/bench%-cycle%-done/(IM%d+)")
      if number then
         markers = markers + 1
         local t = sent_at[number]
         if t then
            table.insert(cycle_us, now_us() - t)
            sent_at[number] = nil
         end
         return
      end
   end
   counted(status, headers, body)
end
