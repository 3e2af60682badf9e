import os

from django.core.wsgi import get_wsgi_application

from thads.startup import settle

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thads.settings")
application = get_wsgi_application()
settle()
