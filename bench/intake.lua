-- wrk script for the intake benchmark (bench/intake.sh): POST /api/v1/reports with varied bodies.
-- Usage: wrk -s bench/intake.lua <url> -- <bodies file> <run id> [target req/s] [threads]
--   bodies file: one "api-key<TAB>json body" per line (bench/LexHeller.Bench intake-prepare writes it)
--   run id:      prefix of every Idempotency-Key, so that no two runs repeat a key (a repeat is a replay)
--   target:      optional; paces the requests to about this rate over all threads (see delay below)
-- done() prints one line "RESULT key=value ..." that intake.sh reads; a run with any non-2xx answer
-- or socket error is invalid.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local bodies = {}
local run = "run"
local interval = nil -- seconds between request starts in this thread, when paced
local next_slot = nil
non2xx = 0 -- global: done() reads it from each thread
local now

local ok, ffi = pcall(require, "ffi")
if ok then
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } lexheller_timespec;
    int clock_gettime(int clock_id, lexheller_timespec *tp);
  ]]
  local ts = ffi.new("lexheller_timespec")
  now = function()
    ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
    return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
  end
end

function init(args)
  local path = args[1] or "bench/.out/intake-bodies.tsv"
  run = args[2] or tostring(os.time())
  for line in io.lines(path) do
    local tab = line:find("\t", 1, true)
    if tab then
      table.insert(bodies, { key = line:sub(1, tab - 1), body = line:sub(tab + 1) })
    end
  end
  if #bodies == 0 then
    error("no bodies in " .. path)
  end
  local target = tonumber(args[3] or "")
  if target and target > 0 then
    if not now then
      error("pacing needs LuaJIT's ffi for a wall clock")
    end
    -- Each thread takes an equal share of the target rate (wrk does not tell init() how many
    -- threads there are, so intake.sh passes it as the fourth argument).
    interval = (tonumber(args[4] or "") or 1) / target
  end
  -- Start each thread at a different body, so that threads do not send the same sequence.
  counter = (id or 1) * 7919
end

function request()
  counter = counter + 1
  local entry = bodies[(counter % #bodies) + 1]
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["X-Api-Key"] = entry.key,
    ["Idempotency-Key"] = run .. "-" .. (id or 0) .. "-" .. counter,
  }, entry.body)
end

-- Pacing (closed loop): every request of this thread claims the next start slot, interval seconds
-- after the previous one; wrk waits until that slot before sending. A slot that is already past
-- (every connection was busy) is not caught up later, so the achieved rate can fall short of the
-- target and latency is measured from the actual send, as in any closed-loop tool.
function delay()
  if not interval then
    return 0
  end
  local t = now()
  if not next_slot or next_slot < t then
    next_slot = t
  end
  local wait = next_slot - t
  next_slot = next_slot + interval
  return math.floor(wait * 1000)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if non2xx <= 3 then
      io.stderr:write("non-2xx " .. status .. ": " .. body:sub(1, 300) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("non2xx") or 0)
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    bad, e.connect + e.read + e.write + e.timeout))
end
