"""The Runs screen: choose drivers, plan, the map and each run's stops, moves, locks and
re-plans.
"""
