"""Application services: they load state, call the core, store events and say who gets what.

A service never emits; it returns `Outbound` messages and the socket layer sends them.
"""
