"""Source text: front matter, the inline lexer, sentences, segments, media, matching."""
