"""The client's local store: one SQLite file (WAL, synchronous=FULL, foreign keys on),
SQLAlchemy 2 typed ORM, Alembic migrations run at open after a backup.

Start-up order (all blocking — run it on the :class:`DbExecutor`)::

    db = open_database(data_dir / "counter.sqlite3")        # migrate, backup, pragmas
    iid = installation_id(db)                                # a UUID in settings
    keys = KeyStore(installation_id=iid)                     # counter.keystore
    cipher = FieldCipher(keys.data_key())                    # counter.crypto
    check_data_key(db, cipher)                               # refuse a replaced key
    journal = Journal(db, keys.journal_key())                # counter.journal
    persons = PersonLookupRepo(db, cipher)
"""

from counter.storage.db import Database, backup_database, open_database
from counter.storage.errors import DatabaseUnreadable, DataKeyMismatch, SchemaTooNew, StorageError
from counter.storage.executor import DbExecutor
from counter.storage.models import (
    CatalogueRepo,
    PersonLookupRepo,
    check_data_key,
    installation_id,
    normalize_id_number,
    read_setting,
    write_setting,
)

__all__ = [
    "CatalogueRepo",
    "DataKeyMismatch",
    "Database",
    "DatabaseUnreadable",
    "DbExecutor",
    "PersonLookupRepo",
    "SchemaTooNew",
    "StorageError",
    "backup_database",
    "check_data_key",
    "installation_id",
    "normalize_id_number",
    "open_database",
    "read_setting",
    "write_setting",
]
