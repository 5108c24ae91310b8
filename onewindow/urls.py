from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from onewindow.api import api
from onewindow.core import views as core_views

# Staff sign in through allauth too: the admin's own login form would let anyone
# guess passwords past allauth's lockout after repeated failures.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", core_views.home, name="home"),
    path("prefs/elder/", core_views.elder_mode, name="elder_mode"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("onewindow.accounts.urls")),
    path("me/record/", include("onewindow.records.urls")),
    path("me/access-log/", include("onewindow.audit.urls")),
    path("exchange/", include("onewindow.exchange.urls")),
    path("rules/", include("onewindow.rules.urls")),
    path("me/messages/", include("onewindow.notifications.urls")),
    path("me/certificates/", include("onewindow.certificates.urls")),
    path("verify/", include("onewindow.certificates.verify_urls")),
    path("services/", include("onewindow.services.urls")),
    path("desk/", include("onewindow.backoffice.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
