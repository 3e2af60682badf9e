"""Messages of Django's admin that its Vietnamese catalogue lacks or words wrongly, listed here so
that `makemessages` keeps them in the project's catalogue, which takes precedence over Django's own.

Django 5.2's Vietnamese catalogue misses the admin's newer strings ("Show counts", "Skip to main
content", the theme switch, the user's password pages), and words some others wrongly ("History" as
"Bản ghi nhớ", "Add %(name)s" as "Thêm vào …", "Past 7 days" as "7 ngày trước"). Nothing here is
called: the messages are only marked. tests/test_admin_language.py fails when an admin page shows
English again (after a Django upgrade adds strings, say): add them here, then translate.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_MESSAGES = (
    # django.contrib.admin
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Error:"),
    gettext_noop("Set password"),
    gettext_noop("This action will <strong>enable</strong> password-based authentication for this user."),
    gettext_noop("Disable password-based authentication"),
    gettext_noop("Enable password-based authentication"),
    gettext_noop("Skip to main content"),
    gettext_noop("Hide counts"),
    gettext_noop("Show counts"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Added:"),
    gettext_noop("Changed:"),
    gettext_noop("Deleted:"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("Toggle navigation"),
    gettext_noop("Sidebar"),
    gettext_noop("Filter navigation items"),
    ngettext_lazy(
        "entry",
        "entries",
        "count",
    ),
    gettext_noop("View selected %(model)s"),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Action:"),
    gettext_noop("Action"),
    gettext_noop("Go"),
    gettext_noop("Run the selected action"),
    gettext_noop("0 of %(cnt)s selected"),
    ngettext_lazy(
        "%(total_count)s selected",
        "All %(total_count)s selected",
        "count",
    ),
    gettext_noop("Select all %(total_count)s %(module_name)s"),
    gettext_noop("Click here to select the objects across all pages"),
    gettext_noop("Add %(name)s"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("History"),
    gettext_noop(" By %(filter_title)s "),
    gettext_noop("Site administration"),
    gettext_noop("Models in the %(name)s application"),
    gettext_noop("%(app)s administration"),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would result in deleting related objects, but your account "
        "doesn't have permission to delete the following types of objects:",
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would require deleting the following protected related objects:",
    ),
    gettext_noop(
        "Are you sure you want to delete the %(object_name)s \"%(escaped_object)s\"? All of the following related items will "
        "be deleted:",
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would result in deleting related objects, but your account doesn't have "
        "permission to delete the following types of objects:",
    ),
    gettext_noop("Deleting the selected %(objects_name)s would require deleting the following protected related objects:"),
    gettext_noop(
        "Are you sure you want to delete the selected %(objects_name)s? All of the following objects and their related items "
        "will be deleted:",
    ),
    gettext_noop("Successfully deleted %(count)d %(items)s."),
    gettext_noop("Items must be selected in order to perform actions on them. No items have been changed."),
    gettext_noop("No action selected."),
    gettext_noop("This object doesn’t have a change history. It probably wasn’t added via this admin site."),
    gettext_noop("Unknown content"),
    gettext_noop("None available"),
    gettext_noop("Save and view"),
    gettext_noop("Save as new"),
    ngettext_lazy(
        "Please correct the error below.",
        "Please correct the errors below.",
        "count",
    ),
    ngettext_lazy(
        "%(count)s %(name)s was changed successfully.",
        "%(count)s %(name)s were changed successfully.",
        "count",
    ),
    gettext_noop("Sorting priority: %(priority_number)s"),
    gettext_noop("Toggle sorting"),
    gettext_noop("Past 7 days"),
    gettext_noop("Any date"),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("Added."),
    gettext_noop("No fields changed."),
    gettext_noop("log entry"),
    gettext_noop("log entries"),
    gettext_noop("object repr"),
    gettext_noop("action flag"),
    gettext_noop("change message"),
    gettext_noop("action time"),
    gettext_noop("LogEntry Object"),
    gettext_noop("Delete?"),
    gettext_noop("Currently:"),
    gettext_noop("Django site admin"),
    gettext_noop("Django administration"),
    # django.contrib.auth: the user pages of the admin
    gettext_noop("Conflicting form data submitted. Please try again."),
    gettext_noop("Password-based authentication was disabled."),
    gettext_noop("Set password: %s"),
    gettext_noop("Reset password"),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, they may still be able to "
        "authenticate using other backends, such as Single Sign-On or LDAP.",
    ),
    gettext_noop("Password-based authentication"),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("Enable password-based authentication for this user by setting a password."),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "count",
    ),
    gettext_noop(
        "Enter a valid username. This value may contain only unaccented lowercase a-z and uppercase A-Z letters, numbers, "
        "and @/./+/-/_ characters.",
    ),
    gettext_noop("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."),
    gettext_noop("Designates whether this user should be treated as active. Unselect this instead of deleting accounts."),
    gettext_noop("block size"),
    gettext_noop("memory cost"),
    gettext_noop("parallelism"),
    gettext_noop("time cost"),
    gettext_noop("variety"),
    # django.contrib.contenttypes: "View on site"
    gettext_noop("Content type %(ct_id)s object %(obj_id)s doesn’t exist"),
    gettext_noop("%(ct_name)s objects don’t have a get_absolute_url() method"),
)
