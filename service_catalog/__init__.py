"""The "nos-services" catalogue of procedures reachable through the portal."""
