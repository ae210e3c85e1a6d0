"""Hears behaviours and topics in what the trainee types."""
