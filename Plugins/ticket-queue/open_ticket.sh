#!/bin/sh
# ticket.open: a Redress external step handler (protocol 1) in POSIX sh.
# Reads one JSON request line on stdin, appends it to the queue once per idempotency key, and
# answers one JSON object on stdout. Requests are compact JSON with sorted keys, so the key can
# be read with sed; the request itself is stored as the ticket's body (it is valid JSON).
set -eu
queue="${TICKET_QUEUE:-tickets.jsonl}"
IFS= read -r request
key=$(printf '%s' "$request" | sed -n 's/.*"idempotency_key":"\([^"]*\)".*/\1/p')
if [ -z "$key" ]; then
    echo '{"error": {"class": "fatal", "message": "request without an idempotency key"}}'
    exit 0
fi
ticket="T-$(printf '%s' "$key" | cksum | cut -d ' ' -f 1)"
case "$request" in
*'"dry_run":true'*)
    printf '{"outcome": "opened", "output": {"ticket_id": "%s", "duplicate": false}}\n' "$ticket"
    exit 0 ;;
esac
touch "$queue"
if grep -q "\"ticket\":\"$ticket\"" "$queue"; then
    printf '{"outcome": "opened", "output": {"ticket_id": "%s", "duplicate": true}}\n' "$ticket"
    exit 0
fi
printf '{"ticket":"%s","request":%s}\n' "$ticket" "$request" >> "$queue"
echo "filed $ticket" >&2
printf '{"outcome": "opened", "output": {"ticket_id": "%s", "duplicate": false}}\n' "$ticket"
