import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect, resolve_url
from django.utils import translation

from thads import cache


class ReadOnceMiddleware:
    """Each key a page reads from the cache on every request (the data and tree versions, the
    sample-data flag) is read once, with the others in one round trip (thads.cache.get_once)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with cache.reading_once():
            return self.get_response(request)


class ChosenLanguageMiddleware:
    """Vietnamese unless the user chose another language with the switch (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and officials' browsers
    are often English-localised; the application's language is Vietnamese by decision.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class IdleSessionMiddleware:
    """Ends a session after SESSION_IDLE_SECONDS without a request: a browser left open in an
    office is not left signed in. The time of the last request is saved at most once a minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            seen = request.session.get("seen")
            if seen is not None and now - seen > settings.SESSION_IDLE_SECONDS:
                logout(request)
                # The login page says why (and that a form sent now was not saved).
                query = urlencode({"next": request.get_full_path(), "expired": 1})
                return redirect(f"{resolve_url(settings.LOGIN_URL)}?{query}")
            if seen is None or now - seen >= 60:
                request.session["seen"] = now
        return self.get_response(request)
