"""gazette site validator: standards checks of a built site (see README.md)."""
