"""Authentication: passwords, secrets, sessions and API keys."""
