#!/usr/bin/env bash
# The webhook under load, same machine, same run: the QuickStart bot in safe mode (signature check, AES decrypt,
# parse, de-duplication claim, SQLite conversation read + write, reply, AES encrypt) against a bare Kestrel endpoint
# answering "success". Every request is a new delivery: the warm-up and the measured run each send their own distinct
# pre-signed messages, each once; a QuickStart run that runs out of messages (and so would measure de-duplication
# hits) is an error — raise `messages`. `mode=plain` sends the same messages in plaintext mode (URL signature only, no
# AES, no msg_signature), which separates safe mode's share of a push from the rest of the bot's work.
#   bash benchmarks/webhook/run.sh [duration=10s] [connections=32] [messages=1000000] [store=sqlite|memory|postgres] [mode=safe|plain]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
duration=${1:-10s}
connections=${2:-32}
messages=${3:-1000000}
warmup_messages=1200000
# At the few thousand pushes a second of the PostgreSQL store, tiered compilation still took a third of the bot's CPU 20 s
# into the load; 40 s of warm-up lets it settle there.
warmup=15s
store=${4:-sqlite}
mode=${5:-safe}
case "$mode" in safe|plain) ;; *) echo "mode is safe or plain, not $mode" >&2; exit 2 ;; esac
[ "$store" = postgres ] && warmup=40s
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk from apt"
  sudo_cmd=(); [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo -n)
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null \
    || { "${sudo_cmd[@]}" apt-get update -qq && "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
fi

dotnet build -c Release -v quiet -nologo samples/QuickStart >/dev/null
dotnet build -c Release -v quiet -nologo benchmarks/WebhookLoad >/dev/null
load=benchmarks/WebhookLoad/bin/Release/net10.0/WeChat.OfficialAccount.WebhookLoad
# The payloads carry the generation time as their timestamp: the bot accepts them for 5 minutes.
"$load" payloads --out "$work/warmup.tsv" --count "$warmup_messages" --first 0 --mode "$mode"
"$load" payloads --out "$work/run.tsv" --count "$messages" --first "$warmup_messages" --mode "$mode"

wait_for() { for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no server at $1" >&2; return 1; }

"$load" bare --urls http://127.0.0.1:5090 & pids+=($!); bare_pid=$!
# The QuickStart runs in its own folder (its content root) with the database beside it, outside the content root, as
# its default in the user's data folder is.
mkdir -p "$work/app" "$work/state"
(cd "$work/app" && Logging__LogLevel__Default=Warning DOTNET_ENVIRONMENT=Production exec \
  "$root/samples/QuickStart/bin/Release/net10.0/QuickStart" --urls http://127.0.0.1:5080 --QuickStart:Database "$work/state/bench.db" --QuickStart:Store "$store" >/dev/null) & pids+=($!); quickstart_pid=$!
wait_for http://127.0.0.1:5090/ && wait_for http://127.0.0.1:5080/

# CPU the server process spent (user + system, clock ticks), read around the measured run: steadier than requests/s
# on a shared machine, and it shows what one request costs the server itself.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# With the PostgreSQL store, the local server's processes (user postgres) too: its CPU per push is most of a push's cost.
postgres_ticks() { local t=0 p; for p in $(pgrep -u postgres || true); do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
run() { # name url pid
  # Warm-up long enough for tiered compilation to settle (after a few seconds of load the JIT is still recompiling).
  wrk -t2 -c"$connections" -d"$warmup" -s benchmarks/webhook/post.lua "$2" -- "$work/warmup.tsv" 2 >/dev/null
  local before database; before=$(cpu_ticks "$3"); database=$(postgres_ticks)
  wrk -t2 -c"$connections" -d"$duration" --latency -s benchmarks/webhook/post.lua "$2" -- "$work/run.tsv" 2 | tee "$work/$1.txt"
  echo $(( $(cpu_ticks "$3") - before )) > "$work/$1.cpu"
  echo $(( $(postgres_ticks) - database )) > "$work/$1.pgcpu"
}
run bare http://127.0.0.1:5090/wechat "$bare_pid"
run quickstart http://127.0.0.1:5080/wechat "$quickstart_pid"

rps() { awk '/Requests\/sec/ {print $2}' "$work/$1.txt"; }
p99() { awk '$1 == "99%" {print $2}' "$work/$1.txt"; }
# wrk's percentiles include its coordinated-omission correction (docs/benchmarks.md); the max is the longest reply itself.
max() { awk '$1 == "Latency" {print $4}' "$work/$1.txt"; }
errors() { awk '/Non-2xx/ {print $4}' "$work/$1.txt"; }
requests() { awk '/requests in/ {print $1}' "$work/$1.txt"; }
cpu_per_request() { awk -v t="$(cat "$work/$1.${2:-cpu}")" -v n="$(requests "$1")" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }'; }
echo
echo "QuickStart state store: $store, pushes in $mode mode"
printf '%-12s %12s %10s %10s %8s %16s\n' endpoint requests/s p99 max non-2xx 'server CPU µs/req'
for name in bare quickstart; do printf '%-12s %12s %10s %10s %8s %16s\n' "$name" "$(rps "$name")" "$(p99 "$name")" "$(max "$name")" "$(errors "$name" || true)" "$(cpu_per_request "$name")"; done
[ "$store" = postgres ] && echo "PostgreSQL server CPU µs per QuickStart push (local server, user postgres): $(cpu_per_request quickstart pgcpu)"
awk -v q="$(rps quickstart)" -v b="$(rps bare)" 'BEGIN { printf "QuickStart / bare: %.1f %%\n", 100 * q / b }'
if ! grep -q '^payload list wrapped: 0$' "$work/quickstart.txt"; then
  echo "error: the QuickStart run used up its $messages messages and resent some (de-duplication hits, not new deliveries); run again with more messages" >&2
  exit 1
fi
