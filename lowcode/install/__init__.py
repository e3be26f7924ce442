"""Sites and apps: creating sites, installing and uninstalling apps, migrating."""
