"""The Check-in screen: the scan answer, the day's running count, the missing list, the discrepancy
report, an unexpected parcel's address.
"""
