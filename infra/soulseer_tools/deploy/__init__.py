"""Deploying a stage: samconfig.toml's per-stage parameters, the secrets, the stack and the web app."""
