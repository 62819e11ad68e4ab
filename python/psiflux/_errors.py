class Error(Exception):
    """A psiflux mistake or failure, with psiflux's one-line message (no Java stack trace)."""
