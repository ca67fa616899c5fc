"""The demo desk (`desk demo`): contracts and tickets in every state, seeded relative to `now`.

console/demo/seed.py writes it through the services; console/demo/material.py reads
what it is made of (customers, people, mail) from the data files in texts/.
"""
