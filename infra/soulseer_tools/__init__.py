"""Operator CLI and the local cloud (not shipped in the Lambda layer)."""
