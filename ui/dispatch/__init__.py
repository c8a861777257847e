"""The Dispatch screen: scan a run's parcels into the car, re-order its stops, send it out."""
