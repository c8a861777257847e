"""Fixing where a parcel goes: a pin on a map of the area's streets, typed coordinates, or
another street match (`fix_location_of` opens it from any screen)."""
