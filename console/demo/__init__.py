"""The demo desk (`desk demo`): contracts and tickets in every state, seeded relative to `now`.

seed.py is the entry: plan.py turns a seeded random source into ticket plans (the
stories), write.py writes them through the services, and material.py reads what
the desk is made of (customers, people, mail) from the data files in texts/.
"""
