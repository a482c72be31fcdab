#!/usr/bin/env bash
# Issue 15: the public column, an item page and the catalogue served by
# `gongkai serve --demo` against nginx serving the same HTML as static files,
# both on loopback of this machine, measured with wrk (2 threads, 64
# connections, 10 s each). Prints one Markdown row per page.
#
#   cargo build --release -p gongkai && scripts/bench/public-vs-nginx.sh
#
# Needs wrk and nginx (Debian packages `wrk`, `nginx-light`).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${BIN:-target/release/gongkai}
SECONDS_EACH=${SECONDS_EACH:-10}
DIR=$(mktemp -d /tmp/gk-public.XXXXXX)
chmod 755 "$DIR"
PORT=${PORT:-18181}
NPORT=${NPORT:-18182}
RUST_LOG=warn "$BIN" serve --demo --port "$PORT" --data-dir "$DIR/data" >"$DIR/serve.log" 2>&1 &
SPID=$!
cleanup() {
  kill "$SPID" 2>/dev/null || true
  [ -f "$DIR/nginx.pid" ] && kill "$(cat "$DIR/nginx.pid")" 2>/dev/null || true
  rm -rf "$DIR"
}
trap cleanup EXIT
U=http://127.0.0.1:$PORT
for _ in $(seq 100); do curl -fs "$U/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
A=119901219482199390
ITEM=$(curl -fs "$U/agencies/$A/catalogue" | grep -o 'href="/items/[0-9]*"' | head -1 | grep -o '/items/[0-9]*')
mkdir -p "$DIR/www"
PAGES=("/agencies/$A" "$ITEM" "/agencies/$A/catalogue")
NAMES=("栏目首页（指南）" "信息页" "公开目录")
for i in "${!PAGES[@]}"; do
  curl -fs "$U${PAGES[$i]}" >"$DIR/www/p$i.html"
done
chmod -R a+rX "$DIR/www"
cat >"$DIR/nginx.conf" <<NGINX
worker_processes auto;
pid $DIR/nginx.pid;
error_log $DIR/nginx-error.log;
user root;
events { worker_connections 4096; }
http {
  access_log off;
  types { text/html html; }
  sendfile on;
  server { listen 127.0.0.1:$NPORT; root $DIR/www; }
}
NGINX
nginx -c "$DIR/nginx.conf" -p "$DIR"
sleep 0.5
run() { # url → "requests/s p99_ms"
  wrk -t2 -c64 -d"${SECONDS_EACH}s" --latency "$1" | awk '
    /Requests\/sec/ {rps=$2}
    /^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p99=v}
    /Non-2xx/ {bad=$NF}
    END {printf "%s %s %s\n", rps, p99, (bad==""?0:bad)}'
}
echo "| 页面 | 字节 | gongkai 请求/秒 | gongkai p99 (ms) | 非 2xx | nginx 请求/秒 | nginx p99 (ms) | gongkai / nginx |"
echo "|---|--:|--:|--:|--:|--:|--:|--:|"
for i in "${!PAGES[@]}"; do
  read -r g gp gbad < <(run "$U${PAGES[$i]}")
  read -r n np _ < <(run "http://127.0.0.1:$NPORT/p$i.html")
  bytes=$(stat -c %s "$DIR/www/p$i.html")
  ratio=$(awk -v a="$g" -v b="$n" 'BEGIN{printf "%.2f", a/b}')
  echo "| ${NAMES[$i]} \`${PAGES[$i]}\` | $bytes | $g | $gp | $gbad | $n | $np | $ratio× |"
done
