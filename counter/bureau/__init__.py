"""The bureau platform: contract models (v1) and the HTTPS client."""
