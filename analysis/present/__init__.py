"""Presentation: plotly figures, export formats and the named tables and charts of the CLI."""
