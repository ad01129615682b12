"""`make bench`: cold starts, AWS calls per operation, Step Functions transitions, cost, relay latency, scale."""
