-- Cycles through pre-signed, pre-encrypted requests ("path<TAB>body" per line), each thread from its own offset.
local requests = {}
local index = 0

function init(args)
  for line in io.lines(args[1]) do
    local path, body = line:match("^([^\t]+)\t(.*)$")
    requests[#requests + 1] = wrk.format("POST", path, { ["Content-Type"] = "text/xml" }, body)
  end
  index = (wrk.thread:get("id") or 0) * math.floor(#requests / 2)
end

function setup(thread)
  setup_count = (setup_count or 0)
  thread:set("id", setup_count)
  setup_count = setup_count + 1
end

function request()
  index = index % #requests + 1
  return requests[index]
end
