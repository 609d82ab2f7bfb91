#!/bin/sh
# Publish the snapshot of the week that ended on the last Friday (today, on a Friday) from
# $GRASSROOTS_INBOX/<that Friday>/, as grassroots-refresh.service does every Friday at 18:00.
# Last Friday rather than today: with Persistent=true a missed Friday run happens at the next
# boot, maybe on a Saturday, and must still publish Friday's week.
# A week already published is left alone (exit 0): a district's correction is republished by
# hand with `refresh.py ... --force`.
set -eu
cd "$(dirname "$0")/.."
inbox_root=${GRASSROOTS_INBOX:-/srv/grassroots/inbox}
data_dir=${GRASSROOTS_DATA_DIR:-data}
# GRASSROOTS_TODAY=YYYY-MM-DD pretends today is another day (to test this script).
today=${GRASSROOTS_TODAY:-$(date +%F)}
# date +%u: Monday 1 ... Sunday 7, so (u + 2) % 7 is the number of days since Friday.
friday=$(date -d "$today -$(( ($(date -d "$today" +%u) + 2) % 7 )) days" +%F)
if [ -f "$data_dir/snapshots/$friday/manifest.json" ]; then
    echo "快照 $friday 已发布，无需刷新 / snapshot $friday already published, nothing to do"
    exit 0
fi
exec .venv/bin/python refresh.py --inbox "$inbox_root/$friday" --as-of "$friday" --push queue
