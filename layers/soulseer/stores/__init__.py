"""Stores: one module per aggregate, the only importer of its PynamoDB models."""
