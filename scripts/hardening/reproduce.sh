#!/usr/bin/env bash
# Issue 13: the hand reproductions of every reported attack, against a running
# `gongkai serve --demo` (SQLite, or --database-url for PostgreSQL) at $U
# (default http://127.0.0.1:18080). Each section prints what the server answers now.
U=${U:-http://127.0.0.1:18080}
A=119901219482199390
J=/tmp/repro-jar; rm -f $J*
say(){ printf '\n### %s\n' "$*"; }
code(){ curl -s -o /dev/null -w '%{http_code}' "$@"; }
body(){ curl -s "$@"; }
csrf(){ curl -s -c $1 -b $1 "$U/login" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//'; }
login(){ local jar=$1 user=$2; local t; t=$(csrf $jar); curl -s -o /dev/null -c $jar -b $jar -d "_csrf=$t&username=$user&password=gongkai-demo-2025&next=/workbench" "$U/login"; }
token(){ curl -s -H 'content-type: application/json' -d "{\"username\":\"$1\",\"password\":\"gongkai-demo-2025\"}" "$U/api/v1/sessions" | sed 's/.*"token":"\([^"]*\)".*/\1/'; }

say "1 huge page / offset"
for p in "/search?q=道路&page=99999999999" "/search?q=道路&page=99999999999&sort=date" "/search?q=zzzqqq&page=99999999999" "/api/search?q=&offset=99999999999" "/api/search?q=&offset=99999999999&sort=date" "/api/v1/search?q=道路&offset=99999999999"; do
  printf '%s -> %s  ' "$p" "$(code -G "$U${p%%\?*}" --data-urlencode "$(echo ${p#*\?} | cut -d'&' -f1)" $(echo ${p#*\?} | tr '&' '\n' | tail -n +2 | sed 's/^/-d /'))"; echo; done
body "$U/api/search?q=&offset=99999999999"; echo
body -G "$U/search" --data-urlencode q=道路 -d page=99999999999 | grep -o '<p>[^<]*页码[^<]*</p>' | head -1
printf 'healthz after: %s\n' "$(code $U/healthz)"
printf '/items/abc -> %s  /items/99999999999999999999 -> %s  /agencies/%s/reports/99999 -> %s\n' "$(code $U/items/abc)" "$(code $U/items/99999999999999999999)" $A "$(code $U/agencies/$A/reports/99999)"
printf 'NUL in a path: /cases/%%00 as clerk -> '; login $J.clerk clerk; code -b $J.clerk "$U/cases/%00/documents/1.docx"; echo

say "3/4 throttle race: 60 concurrent wrong passwords at 'reviewer'"
t=$(csrf $J.race)
seq 60 | xargs -P 60 -I{} curl -s -o /dev/null -w '%{http_code}\n' -b $J.race -d "_csrf=$t&username=reviewer&password=wrong{}&next=/workbench" "$U/login" | sort | uniq -c

say "5 unknown vs known user: same answer"
t=$(csrf $J.e)
for u in clerk no-such-user; do printf '%s: ' $u; curl -s -b $J.e -d "_csrf=$t&username=$u&password=wrongpass&next=/" -w ' [%{http_code}]' "$U/login" | grep -o 'id="login-error">[^<]*' | head -1; echo; done
for u in clerk no-such-user; do printf 'API %s: ' $u; curl -s -w ' [%{http_code}]' -H 'content-type: application/json' -d "{\"username\":\"$u\",\"password\":\"wrongpass\"}" "$U/api/v1/sessions"; echo; done

say "6 open redirect"
for n in '/%09/evil.example' '//evil.example' '/\evil.example' 'https://evil.example' $'/x\r\nSet-Cookie: a=b'; do
  rm -f $J.r; login $J.r editor >/dev/null; t=$(csrf $J.r)
  rm -f $J.r2; t=$(csrf $J.r2)
  printf '%q -> ' "$n"; curl -s -o /dev/null -w '%{http_code} %{redirect_url}\n' -b $J.r2 -c $J.r2 --data-urlencode "_csrf=$t" -d username=editor -d password=gongkai-demo-2025 --data-urlencode "next=$n" "$U/login"
done

say "8 calendar: supervisor (not platform admin) posts a day off"
login $J.sup supervisor; t=$(curl -s -b $J.sup $U/workbench | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
printf 'supervisor POST /admin/calendar/override -> %s\n' "$(code -b $J.sup -d "_csrf=$t&date=2026-12-07&working=false&name=x&notice=x" $U/admin/calendar/override)"

say "9 editor and cases"
login $J.ed editor; N=$(curl -s -b $J.clerk "$U/workbench" | grep -o 'GK[0-9]*-[0-9]*' | head -1)
printf 'case %s: editor page -> %s, clerk page -> %s\n' "$N" "$(code -b $J.ed $U/cases/$N)" "$(code -b $J.clerk $U/cases/$N)"
ET=$(token editor); printf 'editor GET /api/v1/cases -> %s\n' "$(code -H "authorization: Bearer $ET" $U/api/v1/cases)"

say "10 DELETE /api/v1/sessions"
CT=$(token clerk); printf 'delete -> %s, then GET /api/v1/cases -> %s\n' "$(code -X DELETE -H "authorization: Bearer $CT" $U/api/v1/sessions)" "$(code -H "authorization: Bearer $CT" $U/api/v1/cases)"

say "11 CSRF token in the address / from another session"
t=$(curl -s -b $J.ed $U/workbench | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
printf 'token in query -> %s; another session token -> %s\n' "$(code -b $J.ed -X POST "$U/logout?_csrf=$t")" "$(code -b $J.clerk -d "_csrf=$t" $U/logout)"

say "12 /files unknown sha"
curl -s -o /dev/null -w '%{http_code} in %{time_total}s\n' "$U/files/$(printf '0%.0s' {1..64})/a.pdf"

say "14 headers"
curl -s -D - -o /dev/null -b $J.clerk "$U/cases/$N" | grep -i 'cache-control'
curl -s -D - -o /dev/null "$U/" | grep -i 'cache-control' || echo "(home page: no no-store)"

say "15 rate limit: 12 API applications from one address"
for i in $(seq 12); do curl -s -o /dev/null -w '%{http_code} ' -H 'content-type: application/json' -d "{\"form\":{\"applicant_kind\":\"natural_person\",\"name\":\"张$i\",\"id_document\":\"resident_id_card\",\"id_number\":\"11010519491231002X\",\"phone\":\"13800138000\",\"description\":\"白沙县2024年农村公路养护资金的分配方案\",\"delivery_form\":\"electronic\",\"delivery_method\":\"online\"},\"idempotency_key\":\"rl-$i\"}" "$U/api/v1/agencies/$A/applications"; done; echo
curl -s -D - -o /dev/null -H 'content-type: application/json' -d '{}' "$U/api/v1/agencies/$A/applications" | grep -i 'retry-after'
for i in $(seq 25); do curl -s -o /dev/null -w '%{http_code} ' -H 'content-type: application/json' -d '{"number":"GK2025-1","code":"wrong"}' "$U/api/v1/track"; done; echo

say "17 Host header"
curl -s -H 'Host: evil.example"><x>' "$U/sitemap.xml" | head -c 400; echo
curl -s -H 'Host: evil.example"><x>' "$U/agencies/$A/feed.atom" | grep -c 'evil' 

say "18 dates: an item formed on 9999-12-31 / 0001-01-01 / 1949-09-30"
t=$(curl -s -b $J.ed $U/items/new | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
for d in 9999-12-31 0001-01-01 1949-09-30; do printf '%s -> ' $d; curl -s -b $J.ed -w ' [%{http_code}]' --data-urlencode "_csrf=$t" --data-urlencode "title=测试" --data-urlencode "summary=测试" --data-urlencode "issuers=白沙县交通运输局" --data-urlencode "formed_on=$d" --data-urlencode "topic=工业、交通\\公路" -d genre=notice -d kind=normative -d article20=regulations -d attribute=proactive -d scope=public --data-urlencode "body=正文" -d do=save "$U/items/new" | grep -o '[^>]*1949[^<]*' | head -1; echo; done

say "7 attachment on a published item"
PID=$(curl -s "$U/agencies/$A/catalogue" | grep -o 'href="/items/[0-9]*"' | head -1 | grep -o '[0-9]*')
t=$(curl -s -b $J.ed $U/workbench | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
printf 'editor uploads to published item %s -> ' $PID; curl -s -o /tmp/att.html -w '%{http_code}\n' -b $J.ed -F "_csrf=$t" -F "file=@/etc/hostname;filename=x.pdf" "$U/items/$PID/attachments"; grep -o '已发布的信息[^<]*' /tmp/att.html | head -1
