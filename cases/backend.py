"""The authentication backend: Django's model backend with the login lockout
(cases.login_protection) and the administrator role's permissions (cases.permissions)."""

from django.contrib.auth import get_user_model

from .login_protection import LockoutBackend
from .permissions import administrator_permissions


class Backend(LockoutBackend):
    def get_user(self, user_id):
        """The signed-in user of a request, with their agency, which every page names in its header
        and scopes its reads by: one query instead of two (ModelBackend.get_user, then the agency)."""
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("agency").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        permissions = super().get_all_permissions(user_obj, obj)
        if obj is None and user_obj.is_active and getattr(user_obj, "role", None) == user_obj.Role.ADMINISTRATOR:
            permissions = permissions | administrator_permissions()
        return permissions
