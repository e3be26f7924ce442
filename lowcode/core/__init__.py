"""The platform's own app: DocType, users and roles, customisation records, history."""
