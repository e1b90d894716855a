"""`python -m ioi_core`: the admin commands and `serve`, N app servers behind HAProxy."""
