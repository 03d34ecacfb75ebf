-- Shared by every bench script: counts responses whose status is not 200 (per thread, gathered in done())
-- and prints one machine-readable line, "BENCHJSON {...}", with wrk's own summary and latency percentiles.
-- The response() callback costs wrk some CPU; every run (the ceiling too) uses it, so the comparison is fair.

local threads = {}

function setup(thread)
   thread:set("id", #threads)
   table.insert(threads, thread)
end

non200 = 0
statuses = {}
first_failure = nil

function response(status, headers, body)
   if status ~= 200 then
      non200 = non200 + 1
      statuses[status] = (statuses[status] or 0) + 1
      if first_failure == nil then
         first_failure = tostring(status) .. " " .. string.sub(body or "", 1, 300)
      end
   end
end

local function json_string(s)
   s = string.gsub(s, '[%c"\\]', function(c)
      if c == '"' then return '\\"' elseif c == '\\' then return '\\\\' end
      return string.format("\\u%04x", string.byte(c))
   end)
   return '"' .. s .. '"'
end

-- Percentiles of a list of latencies (microseconds), nearest rank.
local function percentiles(values, ps)
   table.sort(values)
   local out = {}
   for j, p in ipairs(ps) do
      out[j] = #values > 0 and values[math.max(1, math.ceil(p / 100 * #values))] or 0
   end
   return out
end

function done(summary, latency, requests)
   local non, exhausted, failure = 0, 0, nil
   local merged = {}
   for _, t in ipairs(threads) do
      non = non + (t:get("non200") or 0)
      exhausted = exhausted + (t:get("exhausted") or 0)
      failure = failure or t:get("first_failure")
      for k, v in pairs(t:get("statuses") or {}) do merged[k] = (merged[k] or 0) + v end
   end
   local parts = {}
   for k, v in pairs(merged) do table.insert(parts, string.format('"%s":%d', tostring(k), v)) end
   -- Scripts that time their own batches (handle.lua) leave the samples in "cycle_us"; otherwise wrk's latency.
   local own = {}
   for _, t in ipairs(threads) do
      for _, v in ipairs(t:get("cycle_us") or {}) do table.insert(own, v) end
   end
   local lat
   if #own > 0 then
      local sum = 0
      for _, v in ipairs(own) do sum = sum + v end
      local pv = percentiles(own, { 50, 90, 99, 99.9 })
      lat = { source = "script", samples = #own, min = own[1], mean = sum / #own, p50 = pv[1], p90 = pv[2], p99 = pv[3], p999 = pv[4], max = own[#own] }
   else
      lat = { source = "wrk", samples = 0, min = latency.min, mean = latency.mean, p50 = latency:percentile(50),
              p90 = latency:percentile(90), p99 = latency:percentile(99), p999 = latency:percentile(99.9), max = latency.max }
   end
   local markers = 0
   for _, t in ipairs(threads) do markers = markers + (t:get("markers") or 0) end
   local e = summary.errors
   io.write(string.format(
      'BENCHJSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"status_over_399":%d,"timeout":%d},' ..
      '"non200":%d,"statuses":{%s},"first_failure":%s,"pool_exhausted":%d,"markers":%d,' ..
      '"latency_source":"%s","latency_samples":%d,' ..
      '"latency_us":{"min":%d,"mean":%.1f,"stdev":%.1f,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d}}\n',
      summary.requests, summary.duration, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout,
      non, table.concat(parts, ","), failure and json_string(failure) or "null", exhausted, markers,
      lat.source, lat.samples, lat.min, lat.mean, latency.stdev, lat.p50, lat.p90, lat.p99, lat.p999, lat.max))
end
