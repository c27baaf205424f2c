"""A deliberately vulnerable demo service: every module breaks the backguard policy."""
