"""Write a file whole or not at all: a temporary file in the same folder, then a rename."""

import os
import uuid
from pathlib import Path


def write_atomically(path, data):
    """Write ``data`` (str as UTF-8, or bytes) to ``path`` atomically; return the path.

    The temporary file sits beside the target so ``os.replace`` is a rename on one
    file system; it is opened in exclusive mode (the umask applies) and removed on
    any failure, so readers see the old file or the complete new one, never a part.
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        with open(temporary, "xb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path
