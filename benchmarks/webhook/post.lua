-- Sends pre-signed, pre-encrypted requests ("path<TAB>body" per line) once each: thread i of n takes every n-th line
-- from line i, so no two requests in one run carry the same MsgId. A thread that runs out starts its slice again and
-- counts it; those requests are retries to the bot (answered from its de-duplication), and done() reports them.
-- Arguments after `--`: FILE THREADS.
local requests = {}
local index = 0
local wrapped = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  local id = wrk.thread:get("id")
  local count = tonumber(args[2])
  local line_number = 0
  for line in io.lines(args[1]) do
    if line_number % count == id then
      local path, body = line:match("^([^\t]+)\t(.*)$")
      requests[#requests + 1] = wrk.format("POST", path, { ["Content-Type"] = "text/xml" }, body)
    end
    line_number = line_number + 1
  end
end

function request()
  index = index + 1
  if index > #requests then
    index = 1
    wrapped = wrapped + 1
    wrk.thread:set("wrapped", wrapped)
  end
  return requests[index]
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + (thread:get("wrapped") or 0)
  end
  io.write(string.format("payload list wrapped: %d\n", total))
end
