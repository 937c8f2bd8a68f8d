"""Site stage: takes the Project, YearResults and charts and gives a Markdown :class:`~generator.website.renderer.SiteTree`,
then builds it with MkDocs + Material into the staged site."""
