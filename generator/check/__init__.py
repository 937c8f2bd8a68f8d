"""Check stage: takes a Project and gives a :class:`~generator.errors.Report` of every problem at
file:line:col — schema, references, links, images, spelling, typography."""
