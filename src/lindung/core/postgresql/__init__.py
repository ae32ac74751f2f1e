"""Lindung's PostgreSQL database backend: Django's, with one feature narrowed (see ``base``)."""
