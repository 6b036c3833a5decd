"""The DuckDB store: schema, connections, and writing parsed digests."""
