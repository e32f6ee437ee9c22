"""Writers of the demo's files, one module per report format."""
