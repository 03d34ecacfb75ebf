-- POST Alertmanager webhook payloads (version 4, as Alertmanager 0.25 sends them) to the URL's ingestion path.
-- wrk ... -s alerts.lua http://HOST:PORT/v1/event/prometheus/KEY -- ALERTS MODE
--   ALERTS: alerts per payload (1 … 1000)
--   MODE:   new      every alert of every request has a fingerprint never sent before: each one opens an alarm
--           converge each thread re-sends the same ALERTS fingerprints: after the first request every alert
--                    converges into its open alarm (converge_count + 1)
-- Fingerprints are 16 hex digits, unique per wrk thread (the thread id is the first 4), so threads never share
-- an alarm. Severity "warning" (importance warn): the emulator's auto-created integration makes no incidents.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")

local alerts, mode, sent = 1, "new", 0

function init(args)
   alerts = tonumber(args[1] or "1")
   mode = args[2] or "new"
   assert(alerts and alerts >= 1 and alerts <= 1000, "ALERTS must be 1 … 1000")
   assert(mode == "new" or mode == "converge", "MODE must be new or converge")
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
   wrk.headers["User-Agent"] = "Alertmanager/0.25.0"
end

local function alert(fingerprint, n)
   return '{"status":"firing","labels":{"alertname":"BenchAlert","instance":"host-' .. n ..
      '","job":"node","severity":"warning"},"annotations":{"summary":"load on host-' .. n ..
      '","description":"bench/run ingestion phase"},"startsAt":"2026-12-02T01:00:00.123456789Z",' ..
      '"endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus.local:9090/graph?g0.expr=up",' ..
      '"fingerprint":"' .. fingerprint .. '"}'
end

function request()
   local items = {}
   for i = 1, alerts do
      local serial = mode == "new" and (sent * alerts + i) or i
      items[i] = alert(string.format("%04x%012x", id, serial), serial)
   end
   sent = sent + 1
   local body = '{"receiver":"coc","status":"firing","alerts":[' .. table.concat(items, ",") ..
      '],"groupLabels":{"alertname":"BenchAlert"},"commonLabels":{"alertname":"BenchAlert","job":"node",' ..
      '"severity":"warning"},"commonAnnotations":{},"externalURL":"http://alertmanager.local:9093","version":"4",' ..
      '"groupKey":"{}:{alertname=\\"BenchAlert\\"}","truncatedAlerts":0}\n'
   return wrk.format(nil, nil, nil, body)
end
