"""Where the store and its keys live: a flag wins over the environment, which wins over defaults.

Defaults follow the platform's conventions (platformdirs): the SQLite store in the user data
directory, the encryption key and the report-signing keys in the user config directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP = "smreg"


def _data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP, appauthor=False))


def _config_dir() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP, appauthor=False))


def database_url(flag: str | None = None) -> str:
    """The store's SQLAlchemy URL; a plain path means an SQLite file."""
    value = flag or os.environ.get("SMREG_DATABASE_URL") or str(_data_dir() / "smreg.db")
    if "://" in value:
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            value = "postgresql+psycopg://" + value.split("://", 1)[1]
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


@dataclass(frozen=True)
class Settings:
    database_url: str
    key_file: Path
    key_env: str | None
    signing_dir: Path

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        return Path(self.database_url.split(":///", 1)[1])


def resolve(db: str | None = None) -> Settings:
    config = _config_dir()
    key_file = os.environ.get("SMREG_KEY_FILE")
    signing_dir = os.environ.get("SMREG_SIGNING_DIR")
    return Settings(
        database_url=database_url(db),
        key_file=Path(key_file).expanduser() if key_file else config / "key",
        key_env=os.environ.get("SMREG_KEY") or None,
        signing_dir=Path(signing_dir).expanduser() if signing_dir else config,
    )
