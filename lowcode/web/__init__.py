"""The HTTP face of the platform: Starlette app, REST resources, methods, sessions."""
