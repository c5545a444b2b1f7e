#!/usr/bin/env bash
# The production path from a clean checkout, as the Dockerfile runs it (tests/deploy-files.test.ts
# checks the Dockerfile uses these same commands): build with dev dependencies, install only
# production dependencies into a copy, start with node directly, wait for /readyz, send SIGTERM,
# and expect exit 0 within the grace period with no process left behind. Also: `npm start` passes
# SIGTERM on to the server it execs. Runs on the embedded engine, so it needs no database server.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$(mktemp -d /tmp/cc-production-check.XXXXXX)
GRACE_SECONDS=10
SERVER_PID=

log() { printf '\n== production check: %s\n' "$*"; }
fail() { printf 'production check FAILED: %s\n' "$*" >&2; exit 1; }
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -KILL -- "-$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

# Waits for /readyz on PORT while process PID lives; the log is in FILE.
wait_ready() {
  local pid=$1 port=$2 file=$3
  for _ in $(seq 1 600); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { cat "$file"; fail "the server exited before /readyz answered"; }
    sleep 0.5
  done
  cat "$file"; fail "/readyz did not answer within 5 minutes"
}

# Sends SIGTERM to PID, expects it to exit 0 within the grace period (plus time to close the database)
# and nothing left in its process group.
stop_cleanly() {
  local pid=$1 what=$2
  kill -TERM "$pid"
  for _ in $(seq 1 $(( (GRACE_SECONDS + 20) * 2 ))); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -0 "$pid" 2>/dev/null && fail "$what still runs $((GRACE_SECONDS + 20)) s after SIGTERM"
  wait "$pid" && code=0 || code=$?
  [ "$code" = 0 ] || fail "$what exited $code after SIGTERM, not 0"
  sleep 0.5
  if pgrep -g "$pid" >/dev/null; then pgrep -a -g "$pid"; fail "$what left processes behind (orphans)"; fi
  echo "$what: exit 0 on SIGTERM, no process left"
}

log "copy of the tracked sources in $WORK"
mkdir -p "$WORK/build" "$WORK/app"
git ls-files -z | (cd "$ROOT" && xargs -0 cp --parents -t "$WORK/build")

log "build stage (dev dependencies)"
cd "$WORK/build"
npm ci --ignore-scripts --no-audit --no-fund
npm run build

log "npm start passes SIGTERM to the server"
PORT=$(free_port)
setsid env PORT="$PORT" DATA_DIR="$WORK/npm-start-data" LOG_LEVEL=warn npm start >"$WORK/npm-start.log" 2>&1 &
SERVER_PID=$!
wait_ready "$SERVER_PID" "$PORT" "$WORK/npm-start.log"
stop_cleanly "$SERVER_PID" "npm start"

log "runtime stage (production dependencies only)"
cp "$WORK/build/package.json" "$WORK/build/package-lock.json" "$WORK/app/"
cp -r "$WORK/build/views" "$WORK/build/public" "$WORK/app/"
# As the Dockerfile: the founding case's article, read when the first start seeds an empty database.
mkdir -p "$WORK/app/seeds" && cp "$WORK/build/seeds/founding-article.txt" "$WORK/app/seeds/"
cd "$WORK/app"
npm ci --omit=dev --ignore-scripts --no-audit --no-fund
cp -r "$WORK/build/dist" "$WORK/app/dist"
[ ! -e node_modules/typescript ] || fail "typescript is installed in the production copy"
if LOG_FORMAT=pretty node dist/server/index.js >"$WORK/pretty.log" 2>&1; then fail "LOG_FORMAT=pretty started without pino-pretty"; fi
grep -q "pino-pretty" "$WORK/pretty.log" || { cat "$WORK/pretty.log"; fail "LOG_FORMAT=pretty without pino-pretty gave no clear message"; }

log "start with node directly, /readyz, SIGTERM"
PORT=$(free_port)
started=$(date +%s)
setsid env NODE_ENV=production HOST=127.0.0.1 PORT="$PORT" DATA_DIR="$WORK/data" SHUTDOWN_GRACE_SECONDS="$GRACE_SECONDS" \
  node dist/server/index.js >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_ready "$SERVER_PID" "$PORT" "$WORK/server.log"
echo "ready after $(( $(date +%s) - started )) s"
curl -fsS "http://127.0.0.1:$PORT/" | grep -q "Belgorod" || fail "the home page does not show the founding case"
stop_cleanly "$SERVER_PID" "node dist/server/index.js"
node -e "
for (const line of require('fs').readFileSync('$WORK/server.log', 'utf8').split('\n').filter(Boolean)) JSON.parse(line);
" || fail "the server's log has a line that is not JSON"
SERVER_PID=

log "passed"
