"""The Today screen: the day's counts by status."""
