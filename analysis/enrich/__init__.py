"""Enrichment of stored items: reference tables, entities, sources, keywords, categories."""
