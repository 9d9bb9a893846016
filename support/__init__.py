"""The contact form and the support tickets it creates."""
