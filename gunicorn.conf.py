"""Production settings for gunicorn: `gunicorn -c gunicorn.conf.py wsgi:app`.

The benchmark (`make bench`) serves the portal and its bare-Flask ceiling with this same file,
so the published figures are the figures of this configuration. Every value can be changed
through the environment without editing the file:

    PORT                 port to listen on (default 8000)
    HOST                 address to bind (default 127.0.0.1: behind a reverse proxy or load
                         balancer on the same host; use 0.0.0.0 in a container)
    WEB_CONCURRENCY      worker processes (default two per CPU core)
    GUNICORN_THREADS     threads per worker (default 1)
    GUNICORN_MAX_REQUESTS  requests before a worker is replaced (default 20000, 0 = never)
    GUNICORN_PRELOAD     0 to import the app in every worker instead of once in the master
    GUNICORN_ACCESS_LOG  "-" for stdout or a file path; off by default (the app logs errors)
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw.strip() else default


bind = f"{os.environ.get('HOST', '127.0.0.1')}:{_int('PORT', 8000)}"

# Processes, not threads. The app spends most of a request on the CPU (templates, SQL
# building) and gives up the GIL at every database call; a thread that gave it up waits for
# the CPU-bound threads of its process to hand it back, once per statement. So each worker
# serves one request at a time, and two per core cover the waits on the database (whose
# server shares the cores). bench/README.md has the measurements behind these defaults. The
# gthread worker still keeps connections alive between requests.
workers = _int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count())
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 1)

# On by default: the app is imported once in the master and the workers share its pages
# copy-on-write. Measured with 4 workers on the 10,000-case database: the workers' private
# memory (USS) summed to 67 MB with preload against 290 MB without, and the largest worker's
# RSS was 84 MB against 91 MB. post_fork below drops any database connection a worker could
# inherit from the master.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1").strip().lower() in {"1", "true", "yes"}

# Replace a worker after this many requests (with jitter, so they do not all restart at
# once): bounds memory growth from fragmentation or a slow leak.
max_requests = _int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = max_requests // 10

timeout = 30
graceful_timeout = 30
keepalive = 5

accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def _send_no_server_header() -> None:
    """gunicorn writes `Server: gunicorn` on every response and has no setting to leave it
    out; a server header only tells a prober what to try. Its response's default headers are
    filtered here, once, when this file is read (tests/functional/test_security_round2.py
    serves a page with this file and checks that no Server header arrives)."""
    from gunicorn.http import wsgi

    default_headers = wsgi.Response.default_headers
    if getattr(default_headers, "without_server", False):
        return

    def without_server(self):
        return [line for line in default_headers(self) if not line.lower().startswith("server:")]

    without_server.without_server = True
    wsgi.Response.default_headers = without_server


_send_no_server_header()


def post_fork(server, worker):
    """SQLAlchemy's rule for forked processes: never reuse the parent's pooled connections."""
    if not preload_app:
        return
    app = server.app.wsgi()
    if "sqlalchemy" not in getattr(app, "extensions", {}):
        return  # not the portal (the benchmark's bare app)
    from portal.extensions import db

    with app.app_context():
        db.engine.dispose(close=False)
