"""The Results screen: record each stop's outcome by key or by scanning the manifest."""
