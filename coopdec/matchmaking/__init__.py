"""Partner matchmaking: organisations' offer and request profiles, NACE sectors, multilingual embeddings, matching."""
