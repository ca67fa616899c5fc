"""`desk serve`: the console in a web browser, for those holding a token and no one else.

access.py says who a token stands for (the serve token: read-only; a user of the
users file: acting under their name); server.py is textual-serve's web server with
the token, origin and session-count checks around it; session.py is the console
process each browser tab runs.
"""
