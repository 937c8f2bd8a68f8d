"""Print stage: takes a year's results and gives the :class:`~generator.book.collection.Collection`, its PDF
(rendered in cached parts, merged, numbered) and the package for the regional centre (RNC)."""
