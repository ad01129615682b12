"""Stores: one module per aggregate, the only importer of its PynamoDB model; tables bound at first use."""
