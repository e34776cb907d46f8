"""One import engine for every work area (spreadsheets in and out).

An area declares an `Importer` subclass — its `columns` (`Column`: header, synonyms, parser, checks, template
and export format), its row checks and its commit service (`write`) — and registers it with `@register`; it gets
the file checks, header matching, parsing, preview, error report, all-or-valid-only commit, signed staging,
the wizard pages (`/import/<key>/`), the template download, the `gonghui import <key> FILE` command, exports in
the template's shape (`export_xlsx`) and the expiry of abandoned batches (`sweep`). See docs/ENGINEERING.md.

Modules: `parsers` (cells → values), `columns` (Column, header matching), `files` (size/type/zip checks),
`rows` (reading a sheet into checked rows), `staging` (signed parsed rows between upload and commit), `engine`
(Importer, registry, stage/commit/discard, reports, sweep), `views`/`urls` (the wizard).
"""
from . import parsers  # noqa: F401
from .columns import Column, header_key  # noqa: F401
from .engine import (  # noqa: F401
    Analysis,
    CommitResult,
    Importer,
    analyse,
    batch_get,
    batch_list,
    batch_model,
    build_template,
    commit_batch,
    discard_batch,
    error_rows,
    export_xlsx,
    get,
    importers,
    register,
    stage_upload,
    sweep,
    validate_file,
    write_error_report,
)
from .files import ImportFileError, check_file, max_rows, max_upload_bytes, too_large_message  # noqa: F401
from .rows import Checks, Collector, Parsed, Row, RowError  # noqa: F401
