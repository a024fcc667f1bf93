"""Companies, clusters, universities, NGOs, international organisations and their contacts."""
