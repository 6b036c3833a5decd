"""Files to parse results: decoding, the digest parser, the ingest pipeline, uploads and watching."""
