"""The local cloud: template.yaml served on 127.0.0.1 (moto, an API Gateway lookalike, a dev JWKS)."""
