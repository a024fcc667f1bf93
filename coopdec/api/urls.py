"""The HTTP API: one NinjaAPI, one router per domain."""

from ninja import NinjaAPI

api = NinjaAPI(title="coopdec API", version="1", urls_namespace="api")
