"""Publish stage: takes the staged site/ and dist/ (plus VK drafts and internal reports) and — once every
check and the gate have passed — gives the published site/ and dist/, replaced in one journaled transaction."""
