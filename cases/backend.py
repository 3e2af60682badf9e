"""The authentication backend: Django's model backend with the login lockout
(cases.login_protection) and the administrator role's permissions (cases.permissions)."""

from .login_protection import LockoutBackend
from .permissions import administrator_permissions


class Backend(LockoutBackend):
    def get_all_permissions(self, user_obj, obj=None):
        permissions = super().get_all_permissions(user_obj, obj)
        if obj is None and user_obj.is_active and getattr(user_obj, "role", None) == user_obj.Role.ADMINISTRATOR:
            permissions = permissions | administrator_permissions()
        return permissions
