"""The citizen's journey: authorize → chooser → identity provider → confirmation → back to the site."""
