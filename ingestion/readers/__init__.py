"""One reader per landing source: bytes in, typed Arrow rows and rejected rows out."""
