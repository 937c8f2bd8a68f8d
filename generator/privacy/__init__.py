"""Privacy: consent rules and HTML/SVG sanitising (used by check, the site and the book) and the gate,
which takes every public output of a build and gives a verdict: nothing a participant has not agreed to."""
