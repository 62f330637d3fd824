"""The ceiling for the benchmark: a bare Flask app with one endpoint returning a constant.

Served by gunicorn with the portal's own gunicorn.conf.py, so the difference between its
throughput and the portal's is what the portal's own work costs:

    gunicorn -c gunicorn.conf.py --chdir bench bare_app:app
"""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def constant() -> str:
    return "ok"


@app.get("/healthz")
def healthz() -> str:
    return "ok"
