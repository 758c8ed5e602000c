"""Flask application factory."""
from flask import Flask

import config


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(config.INSTANCE_DIR))
    app.config.from_mapping(config.load())
    if test_config:
        app.config.update(test_config)
    from . import extensions
    extensions.init_app(app)
    return app
