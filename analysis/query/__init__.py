"""Read-only queries over the store: filters, series, rankings, peaks and comparisons."""
