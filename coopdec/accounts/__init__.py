"""Users (e-mail login), their memberships of authorities and organisations, and roles."""
