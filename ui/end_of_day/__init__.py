"""The End of day screen: the summary, missing parcels, closing the day, the carrier's
files, earnings.
"""
