"""Field extractors: one module per group of contract fields (header, recipients, signer)."""
