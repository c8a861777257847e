"""The Returns screen: parcels going back to the carrier, scanned onto its truck."""
