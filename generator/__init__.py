"""nastavnik-press: a school's teacher-mentoring programme, published from a git repository."""

__version__ = "0.1.0"
