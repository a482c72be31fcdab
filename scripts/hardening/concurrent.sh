#!/usr/bin/env bash
# Item 2 and 16 by hand: 32 concurrent clients, 320 API applications and 320 web
# applications, then an idempotency key reused with another body.
U=${U:-http://127.0.0.1:18080}; A=119901219482199390
app(){ curl -s -o /dev/null -w '%{http_code}\n' -H 'content-type: application/json' -d "{\"form\":{\"applicant_kind\":\"natural_person\",\"name\":\"并发$1\",\"id_document\":\"resident_id_card\",\"id_number\":\"11010519491231002X\",\"phone\":\"13800138000\",\"description\":\"白沙县2024年农村公路养护资金的分配方案$1\",\"delivery_form\":\"electronic\",\"delivery_method\":\"online\"},\"idempotency_key\":\"k-$1\"}" "$U/api/v1/agencies/$A/applications"; }
export -f app; export U A
echo "API applications, 32 at a time:"; seq 320 | xargs -P 32 -I{} bash -c 'app {}' | sort | uniq -c
echo "replays of the same 320 keys, same bodies:"; seq 320 | xargs -P 32 -I{} bash -c 'app {}' | sort | uniq -c
echo "key k-1 with another body:"; curl -s -w ' [%{http_code}]\n' -H 'content-type: application/json' -d "{\"form\":{\"applicant_kind\":\"natural_person\",\"name\":\"另一人\",\"id_document\":\"resident_id_card\",\"id_number\":\"11010519491231002X\",\"phone\":\"13900139000\",\"description\":\"另一份申请\",\"delivery_form\":\"electronic\",\"delivery_method\":\"online\"},\"idempotency_key\":\"k-1\"}" "$U/api/v1/agencies/$A/applications"
