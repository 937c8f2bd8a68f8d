"""Regional platform (``python -m generator region …``): takes ``region.yaml`` and the schools' RNC
packages; gives the checked intake (accepted/, dist/intake.*), the region's site and the collection."""
