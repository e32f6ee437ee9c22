"""Keep every file the pipeline touches inside the data root."""

from pathlib import Path


class UnsafePathError(ValueError):
    """Raised when a file name or link would reach outside the data root."""


def child_path(folder: Path, name: str) -> Path:
    """Return `folder / name`, rejecting names that are absolute or contain `..` or separators."""
    if not name or name in {".", ".."} or "/" in name or "\\" in name or "\x00" in name:
        raise UnsafePathError(f"invalid file name {name!r}: use a plain name without path separators or '..'")
    if Path(name).is_absolute():
        raise UnsafePathError(f"invalid file name {name!r}: absolute paths are not allowed")
    return folder / name


def ensure_inside(root: Path, path: Path) -> Path:
    """Return the resolved path, rejecting it when it (or a symlink on the way) leaves `root`."""
    resolved = path.resolve()
    root = root.resolve()
    if resolved != root and root not in resolved.parents:
        raise UnsafePathError(f"{path} resolves to {resolved}, outside the data root {root}; remove the link")
    return resolved


def ensure_regular_file(path: Path) -> None:
    """Reject a path that is not a regular file once links are followed: a folder, a broken link, a device."""
    if not path.is_file():
        if path.is_dir():
            kind = "a folder"
        elif path.is_symlink():
            kind = "a broken link"
        else:
            kind = "not a regular file"
        raise UnsafePathError(f"{path} is {kind}; land plain files only")
