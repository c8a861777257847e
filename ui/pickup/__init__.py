"""The Pickup screen: find a parcel at the counter, hand it over, hold one for pickup."""
