"""Model stage: takes the school's repository (YAML with positions, Markdown with front matter) and
gives a typed :class:`~generator.model.loader.Project`; paths from content are checked in safepath."""
