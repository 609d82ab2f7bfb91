"""Access: who may do what, and the record of what they did. No Streamlit inside (app/auth.py and
app/server.py are the app's side).

accounts.py  accounts, roles, password hashes and the sign-in check with its throttles
sessions.py  the browser-bound credential a sign-in leaves, checked on every run
scope.py     which districts a user may see: the policy every query passes (queries/db.py)
audit.py     the hash-chained audit log;  chain.py: verifying it against its anchors
"""
