"""The server's error page: a database that does not answer (restarting, unreachable) is a 503
that asks to try again shortly, anything else Django's 500 with the project's page."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        # Rendered without the request: its session and user live in the database that is away.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return defaults.server_error(request, template_name)
