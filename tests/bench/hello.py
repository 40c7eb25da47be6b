"""The smallest Flask app: the ceiling the portal's throughput is compared with."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, World!"


@app.get("/healthz")
def healthz() -> str:
    return "ok"
