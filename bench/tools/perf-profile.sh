#!/usr/bin/env bash
# tools/perf-profile.sh NAME URL SECONDS [wrk script and args...]
# CPU profile of the server under a wrk load: starts the published server (emulator mode, the small seeded store)
# with perf maps enabled, loads URL with wrk -t2 -c64, records perf samples of the server for SECONDS in the
# middle of the load, and prints where the CPU went (by library, then the hottest symbols).
# Run bench/run once first (it publishes bench/.out). Output: bench/.work/prof/NAME.*
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name=$1 path=$2 seconds=${3:-10}; shift 3 || true
script=${1:-get.lua}; shift || true
command -v perf >/dev/null || { echo "perf is required (apt-get install linux-perf)" >&2; exit 2; }
dir="$BENCH/.work/prof"; mkdir -p "$dir"
db="$dir/$name.db"
if [ -n "${PROF_POOL:-}" ]; then
  "$BENCH/.out/seeder/seeder" seed --data "$db" --count "$PROF_POOL" --numbers-out "$dir/$name.pool" > "$dir/$name.seed.json"
else
  "$BENCH/.out/seeder/seeder" seed --data "$db" --count 1000 > "$dir/$name.seed.json"
fi
ticket=$(jq -r .sample_number "$dir/$name.seed.json")
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 setsid "$BENCH/.out/server/coc-incident" --emulator --data "$db" --urls "http://127.0.0.1:$port" > "$dir/$name.server.log" 2>&1 &
pid=$!
trap 'kill -TERM -- -$pid 2>/dev/null || true; rm -f "$db" "$db-wal" "$db-shm"' EXIT
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.05; done
url="http://127.0.0.1:$port${path//\{ticket\}/$ticket}"
args=("$@"); [ "${#args[@]}" -gt 0 ] && args=(-- "${args[@]//\{pool\}/$dir/$name.pool}")
wrk -t2 -c64 -d$((seconds + 10))s --timeout 10s -s "$BENCH/lua/$script" "$url" "${args[@]}" > "$dir/$name.wrk.txt" 2>&1 &
wrkpid=$!
sleep 5
perf record -F 499 -g -p "$pid" -o "$dir/$name.perf.data" -- sleep "$seconds" 2> /dev/null
wait "$wrkpid" || true
set +e +o pipefail # reports below are cut short with head
grep -E "Requests/sec|requests in" "$dir/$name.wrk.txt" || true
echo "== CPU by library (share of the server's samples)"
perf report -i "$dir/$name.perf.data" --no-children --sort dso --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -15
echo "== hottest symbols"
perf report -i "$dir/$name.perf.data" --no-children --sort dso,sym --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -${TOP:-40}
echo "== inclusive share of selected frames (children included)"
perf report -i "$dir/$name.perf.data" --children --sort sym --stdio 2>/dev/null > "$dir/$name.children.txt" || true
for pat in ${FRAMES:-ErrorHandlingMiddleware::InvokeAsync DefaultFilesMiddleware::Invoke StaticFileMiddleware::Invoke EndpointRoutingMiddleware AuthenticationMiddleware CocAuthenticationHandler::HandleAuthenticateAsync Tenancy::ResolveProjectAsync RateLimitingMiddleware AuthorizationMiddleware IncidentEndpoints TicketService::CreateAsync TicketService::HandleAsync SqliteTicketStore::ReadAsync SqliteTicketStore::WriteAsync SqliteConnection::Open SqliteCommand::ExecuteReader sqlite3_prepare sqlite3_step JsonSerializer WriteAsJsonAsync IncidentPresenter fdatasync fsync gc_heap GarbageCollect}; do
  grep -F "$pat" "$dir/$name.children.txt" | grep -E '^ +[0-9.]+%' | head -1 | awk -v p="$pat" '{ printf "  %7s  %s\n", $1, p }'
done
