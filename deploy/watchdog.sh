#!/bin/sh
# Restart every running grassroots-app@<port> whose /_stcore/health has not answered twice in a
# row, 15 s apart. systemd restarts a process that exits, not one that hangs: a process whose
# threads deadlock (see "Known problem" in deploy/README.md) keeps its port open and its
# sessions frozen until something restarts it. Run every minute by grassroots-watchdog.timer.
set -u
healthy() {
    curl -fsS --max-time 10 -o /dev/null "http://127.0.0.1:$1/_stcore/health" 2>/dev/null
}
status=0
for unit in $(systemctl list-units --state=active --plain --no-legend 'grassroots-app@*.service' | awk '{print $1}'); do
    port=${unit#grassroots-app@}
    port=${port%.service}
    healthy "$port" && continue
    sleep 15  # a process that is only starting answers within a few seconds
    healthy "$port" && continue
    echo "$unit: /_stcore/health did not answer twice in 10 s, restarting it"
    systemctl restart "$unit" || status=1
done
exit $status
