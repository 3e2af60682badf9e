"""The Content-Security-Policy: scripts, styles, fonts and images from the project's own static
files only (no inline script or style, no other origin), no plugins, no framing, forms posted
back to the site. Django 5.2 has no CSP of its own (it arrives in 6.0)."""

POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    # Chart.js draws on canvases; the favicon is an SVG file; data: images are what browsers use
    # for a select's arrow and what Chart.js's legend may export.
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))


class ContentSecurityPolicyMiddleware:
    """Sets the policy on every response that has none (in development too, so that the browser
    tests meet it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response
