"""Segments into templates, templates into catalogs (msgmerge's rules)."""
