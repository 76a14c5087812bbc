#!/usr/bin/env bash
# Build the wheel, install it in a fresh virtual environment outside the checkout, and run the main
# commands from there: the package must carry its dataset, scenarios, templates and assets.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'if [ -n "${server:-}" ]; then kill "$server" 2>/dev/null || true; fi; rm -rf "$work"' EXIT

"$repo/.venv/bin/pip" wheel -q --no-deps -w "$work/dist" "$repo"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --upgrade pip
"$work/venv/bin/pip" install -q "$work"/dist/csto-*.whl
cp "$repo/tests/ingest/gold/articles/a13_statement.html" "$work/article.html"

cd "$work"  # nothing from the checkout is reachable from here
export CSTO_DATABASE_URL="sqlite:///$work/csto.sqlite3"
csto="$work/venv/bin/csto"
"$csto" overview --as-of 2022-01-10 > overview.txt && grep -q "Kazakhstan" overview.txt
"$csto" simulate kazakhstan-2022-01 --runs 2000 --seed 1 --json > simulation.json
"$work/venv/bin/python" -c "import json; assert json.load(open('simulation.json'))['result']['runs'] == 2000"
"$csto" backtest --runs 500 --json > backtest.json
"$work/venv/bin/python" -c "import json; assert len(json.load(open('backtest.json'))['rows']) >= 5"
"$csto" extract article.html --json > extraction.json
"$work/venv/bin/python" -c "import json; assert json.load(open('extraction.json'))['events']"
"$csto" get "/api/members?as_of=2013-06-01" | grep -q uzbekistan

port=$("$work/venv/bin/python" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
"$csto" serve --port "$port" > serve.log 2>&1 &
server=$!
for _ in $(seq 1 120); do
  if "$work/venv/bin/python" -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/api/members?as_of=2000-01-01', timeout=2)" 2>/dev/null; then
    break
  fi
  sleep 0.5
done
"$work/venv/bin/python" - "$port" <<'PY'
import sys, urllib.request
base = f"http://127.0.0.1:{sys.argv[1]}"
for path in ("/", "/simulate", "/docs", "/api/scenarios", "/static/app.js", "/api-docs-assets/swagger-ui-bundle.js"):
    with urllib.request.urlopen(base + path, timeout=30) as answer:
        assert answer.status == 200, path
PY
echo "wheel check passed: overview, simulate, backtest, extract, get and serve ran from outside the checkout"
