"""SoulSeer domain: the shared code every Lambda function imports."""
