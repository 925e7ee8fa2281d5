-- POST /oauth2/token, refresh_token grant of a public client (client_id in the form), with rotation.
--
-- Run with exactly one connection per thread (wrk -t N -c N): each thread owns one refresh-token
-- family and sends its next request only after the previous response arrived, so every token is sent
-- once. REFRESH_TOKENS names a file with one refresh token per line (at least N lines; run-load.sh
-- obtains them through the device flow); REFRESH_CLIENT is the client_id. Each response's new
-- refresh_token replaces the one just used. A failed response ends that thread's chain: the token it
-- sent is gone, so its later requests are counted as errors (non-2xx) instead of reusing a token.
--
-- So that no request is in flight when the run ends (its token would be spent without the script ever
-- seeing the rotated one), each thread stops itself at the first response after STOP_AT (Unix seconds;
-- give wrk a -d a few seconds longer). done() then writes every family's current, unused refresh token
-- to REFRESH_OUT (one a line, "broken" for a broken chain): the next run, or a check that every family
-- still works, continues from there.

local client = os.getenv("REFRESH_CLIENT") or "bench-device"
local path = "/oauth2/token"
local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }

-- setup() runs in the main Lua state, once per thread, before the run
local tokens = nil
local threads = {}

function setup(thread)
    if tokens == nil then
        tokens = {}
        local file = assert(io.open(assert(os.getenv("REFRESH_TOKENS"), "REFRESH_TOKENS not set"), "r"))
        for line in file:lines() do
            if #line > 0 then
                tokens[#tokens + 1] = line
            end
        end
        file:close()
    end
    threads[#threads + 1] = thread
    assert(tokens[#threads], "fewer refresh tokens than threads")
    thread:set("token", tokens[#threads])
    if #threads == 1 then
        thread:set("check", true) -- see request()
    end
end

function done()
    local broken = 0
    local out = os.getenv("REFRESH_OUT")
    local file = out and assert(io.open(out, "w"))
    for _, thread in ipairs(threads) do
        broken = broken + (thread:get("broken") or 0)
        if file then
            local token = thread:get("token")
            local usable = token ~= nil and not thread:get("pending")
            file:write((usable and token or "broken") .. "\n")
        end
    end
    if file then
        file:close()
    end
    io.write(string.format("Refresh requests sent after a chain broke: %d\n", broken))
end

-- the rest runs in each thread's own Lua state
broken = 0
pending = false -- a token was sent and its response has not arrived (global: done() reads it)
local stop_at = tonumber(os.getenv("STOP_AT") or "")

function request()
    if pending and not check then
        -- wrk resends after a reconnect: the token in flight may have been consumed, never send it again
        token = nil
    end
    if token == nil then
        -- the chain is broken: send something that cannot revoke anything
        broken = broken + 1
        return wrk.format("POST", path, headers, "grant_type=refresh_token&refresh_token=broken&client_id=" .. client)
    end
    if check then
        -- wrk builds the first thread's first request once before the run to check it, and never sends it
        check = nil
    else
        pending = true
    end
    return wrk.format("POST", path, headers, "grant_type=refresh_token&refresh_token=" .. token .. "&client_id=" .. client)
end

function response(status, _, body)
    pending = false
    token = status == 200 and body:match('"refresh_token"%s*:%s*"([^"]+)"') or nil
    if stop_at and os.time() >= stop_at then
        wrk.thread:stop() -- nothing in flight: the token just received stays unused
    end
end
