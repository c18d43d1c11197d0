"""Documents per language: Markdown, HTML, text, PDF, DOCX/ODT, the index page."""
