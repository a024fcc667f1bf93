"""The API answers in the language its client asks for."""

from django.utils import translation

API_PREFIX = "/api/"


class ApiLanguageMiddleware:
    """Messages of the API in the client's language (``Accept-Language``, or the language cookie), else French.

    Django's LocaleMiddleware answers every address without a language prefix in the default language: right
    for pages, whose address carries their language, but it would leave an API client no way to ask for English.
    Sits right after LocaleMiddleware, which then sends ``Content-Language`` and ``Vary: Accept-Language``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(API_PREFIX):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
