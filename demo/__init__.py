"""The one-command demonstration: setup of demo data and the launcher of every process."""
