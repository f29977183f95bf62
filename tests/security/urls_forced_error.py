"""A test-only URL configuration: the real site plus one view that fails the way a careless bug
would, logging the request's data and raising with a posted value in its message. Never routed in
production; tests opt in with @pytest.mark.urls("tests.security.urls_forced_error")."""

import logging

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from trd_clinic.urls import urlpatterns as site

logger = logging.getLogger("screening.views.forced_error")
FORCED_ERROR_PATH = "/__test__/server-error/"


@csrf_exempt
def server_error(request: HttpRequest) -> HttpResponse:
    logger.info("handling %s", request.POST)
    logger.warning("odd last name %r from %s", request.POST.get("last_name"), request.POST)
    logger.warning("odd email %s", request.POST.get("email"))
    raise ValueError(f"could not parse the date of birth of {request.POST.get('last_name')}")


urlpatterns = [path(FORCED_ERROR_PATH.strip("/") + "/", server_error), *site]
