"""The workspace's views, one module per page group. Each fetches what it shows through
access.py (Http404 for anything the user may not see) and changes data through services.py."""
