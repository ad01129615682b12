"""The operator console's rules: user search and money, blocks, reader suspensions, payout history, and
the action log every admin action writes (`soulseer.admin.actions`)."""
