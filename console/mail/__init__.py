"""Mail out: the SMTP side of the outbox (settings, the message's bytes, the session).

A layer beside the store and intake: it knows nothing of tickets or the store;
console/services/delivery.py hands it one composed mail at a time.
"""
