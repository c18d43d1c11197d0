"""The PO library: reading, writing and wrapping as msgcat does, marks, entry states."""
