"""Small single-topic helpers shared by the apps."""
