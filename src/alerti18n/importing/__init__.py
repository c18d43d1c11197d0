"""Word, LibreOffice and web documents into source Markdown, checked first."""
