"""One store module per aggregate: the only importer of its PynamoDB models, tables bound at first use."""
