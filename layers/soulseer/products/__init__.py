"""The marketplace: products synced to Stripe, purchases paid from the balance, orders."""
