"""Security: response headers, field encryption, sessions."""
