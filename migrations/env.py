"""Alembic environment: the URL comes from the caller or from config."""
from alembic import context
from sqlalchemy import create_engine

from engine.data.schema import metadata

cfg = context.config


def _url() -> str:
    url = cfg.attributes.get("url") or cfg.get_main_option("sqlalchemy.url")
    if not url:
        import config
        url = config.Config.DATABASE_URL
    return url


def run_offline():
    context.configure(url=_url(), target_metadata=metadata, literal_binds=True,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online():
    connection = cfg.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    engine = create_engine(_url())
    with engine.connect() as conn:
        _migrate(conn)
    engine.dispose()


def _migrate(connection):
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
