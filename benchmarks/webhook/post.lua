-- Sends pre-signed, pre-encrypted requests ("path<TAB>body" per line) once each: thread i of n takes every n-th line
-- from line i, so no two requests in one run carry the same MsgId. A thread that runs out starts its slice again and
-- counts it; those requests are retries to the bot (answered from its de-duplication), and done() reports them.
-- Arguments after `--`: FILE THREADS.
--
-- wrk runs each thread's init() on its main thread and starts that thread at once, before the next thread's init: with
-- a list this size the first thread would load the server for seconds while the next one still reads the file, and
-- wrk counts those requests but starts its clock only once every thread runs (so requests/s came out high, and the
-- reading took a core from the servers during the run). So no thread sends before the last one has loaded its slice:
-- the last init leaves FILE.ready, and each thread's first request() waits for it. (wrk calls the first thread's
-- request() once on its main thread, before starting it, to check what it returns: that call must not wait.)
local requests = {}
local index = 0
local wrapped = 0
local threads = {}
local ready_file
local started = false
local checked = false
local thread_id

function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  thread_id = wrk.thread:get("id")
  local count = tonumber(args[2])
  local line_number = 0
  ready_file = args[1] .. ".ready"
  if thread_id == 0 then
    os.remove(ready_file)
  end
  for line in io.lines(args[1]) do
    if line_number % count == thread_id then
      local path, body = line:match("^([^\t]+)\t(.*)$")
      requests[#requests + 1] = wrk.format("POST", path, { ["Content-Type"] = "text/xml" }, body)
    end
    line_number = line_number + 1
  end
  -- What reading the file left for the collector is collected now, not during the run.
  collectgarbage("collect")
  if thread_id == count - 1 then
    assert(io.open(ready_file, "w")):close()
  end
end

function request()
  if not started then
    if thread_id == 0 and not checked then
      checked = true
      return requests[1]
    end
    local ready = io.open(ready_file, "r")
    while not ready do
      os.execute("sleep 0.01")
      ready = io.open(ready_file, "r")
    end
    ready:close()
    started = true
  end
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
