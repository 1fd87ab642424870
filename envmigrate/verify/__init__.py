"""Live verification: the only code that talks to the network. Nothing is imported here."""
