"""The sandbox: untrusted work in killable worker processes, each under an address-space limit
and a deadline.

workers.py                  the generic pool of workers (the SQL box's; the desk checks uploads in one)
sql.py, pool.py             the read-only SQL box analysts type into, and its pool
engine.py, sql_worker.py    inside a worker: the locked DuckDB connection and one query's answer
"""
