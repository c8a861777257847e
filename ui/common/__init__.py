"""Pieces every screen shares: the scanner's capture, the session, answers and their sounds,
plain table models, work off the GUI thread.
"""
