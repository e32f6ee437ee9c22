"""HTTP pushes of outbox files to marketplace and supplier APIs, through a persistent outbox."""
