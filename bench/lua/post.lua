-- POST a JSON body read from the file given after "--" (create): a static request, statuses counted.
-- wrk ... -s post.lua URL -- BODY_FILE
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")

function init(args)
   local f = assert(io.open(args[1], "rb"), "cannot open body file " .. tostring(args[1]))
   wrk.method = "POST"
   wrk.body = f:read("*a")
   f:close()
   wrk.headers["Content-Type"] = "application/json"
end
