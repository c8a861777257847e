"""The Print screen: labels, manifests and load sheets previewed, printed, saved as PDF or
sent as ZPL; the whole day in one action.
"""
