"""A WSGI app for tests/webapp/test_fair_worker.py: answers with the serving
process's id after a short wait, so the clients' requests overlap."""
import os
import time


def app(environ, start_response):
    time.sleep(0.05)
    body = str(os.getpid()).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
