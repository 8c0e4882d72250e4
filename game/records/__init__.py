"""Records: children, sessions and attempts in a local SQLite file, and exports of them."""
