"""The translation memory: fill, import and export, TMX, the parse cache."""
