"""`make bench`: page times under AppTest and in Chromium, the refresh, cache hits, memory and a
20-session load test, at several dataset sizes; see bench/run.py."""
