-- GET the URL given to wrk (details, list, ceiling, Prism): a static request, statuses counted.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")
