"""What differs between languages, as data: profiles, glossary, page strings."""
