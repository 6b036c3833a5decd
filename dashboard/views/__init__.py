"""The dashboard's pages, one module each, in the order of the navigation."""

PAGES = [
    "overview",
    "keywords",
    "companies",
    "models",
    "sources",
    "categories",
    "stories",
    "compare",
    "related",
    "items",
    "ingest",
]
