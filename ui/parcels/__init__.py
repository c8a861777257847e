"""The Parcels screen: all parcels, searched and sorted, paged from the shop file; a parcel's whole
history.
"""
