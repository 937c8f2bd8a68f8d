"""Publish stage: takes the staged outputs, adds VK drafts and internal reports, and — once every check and
the gate have passed — replaces site/ and dist/ in one journaled transaction."""
