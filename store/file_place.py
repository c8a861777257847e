"""Where the shop file lives: refuse a network drive, and a file nobody may write.

SQLite's WAL mode keeps its lock and index in shared memory beside the file, which works for
the programs of one computer only: two PCs writing one file over NFS or a Windows share can
damage it (sqlite.org/wal.html, "WAL does not work over a network filesystem"). So a shop
file on a network filesystem is refused for writing with a sentence that says what to do.
Linux reads the filesystem type from /proc/self/mounts (statfs's magic number when that cannot
be read), Windows asks GetDriveTypeW (a UNC path is a share by itself), macOS asks statfs
whether the volume is local.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import sys
from pathlib import Path, PureWindowsPath

from store.errors import DatabaseUnavailable
from store.failures import read_only

MOUNTS = Path("/proc/self/mounts")
#: Filesystem types (as /proc/mounts names them) that reach another computer.
NETWORK_TYPES = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "smb", "ncpfs", "ncp", "afs", "coda", "ceph"}
    | {"glusterfs", "lustre", "gpfs", "ocfs2", "gfs2", "davfs", "9p", "sshfs", "afpfs"}
)
#: FUSE filesystems that reach another computer (fuse.<name>).
NETWORK_FUSE = frozenset(
    {"sshfs", "rclone", "s3fs", "gcsfuse", "davfs2", "glusterfs", "gvfsd-fuse", "curlftpfs"}
    | {"smbnetfs", "ceph-fuse", "cephfs", "juicefs", "goofys", "blobfuse", "blobfuse2"}
)
#: statfs(2) magic numbers of network filesystems (linux/magic.h and the filesystems' own).
NETWORK_MAGIC = {
    0x6969: "nfs",
    0x517B: "smbfs",
    0xFF534D42: "cifs",
    0xFE534D42: "smb2",
    0x5346414F: "afs",
    0x73757245: "coda",
    0x564C: "ncpfs",
    0x00C36400: "ceph",
    0x01021997: "9p",
}
_DRIVE_REMOTE = 4
_MNT_LOCAL = 0x00001000


def is_network_type(fstype: str) -> bool:
    fstype = fstype.lower()
    if fstype.startswith("fuse."):
        return fstype[5:] in NETWORK_FUSE
    return fstype in NETWORK_TYPES


def _unescape(field: str) -> str:
    """/proc/mounts writes a space as \\040, a tab as \\011 and so on."""
    out, index = [], 0
    while index < len(field):
        if field[index] == "\\" and field[index + 1 : index + 4].isdigit():
            out.append(chr(int(field[index + 1 : index + 4], 8)))
            index += 4
        else:
            out.append(field[index])
            index += 1
    return "".join(out)


def mount_type(path: str, mounts: str) -> str | None:
    """The filesystem type of the mount holding `path` (absolute, resolved), from the text of
    /proc/mounts; the deepest mount point that contains it wins."""
    best, found = -1, None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _unescape(fields[1]).rstrip("/") or "/"
        inside = path == point or path.startswith(point.rstrip("/") + "/")
        if inside and len(point) > best:
            best, found = len(point), fields[2]
    return found


def windows_share(path: str) -> bool:
    """A UNC path (\\\\server\\share\\..., also //server/share/...) names a network share."""
    drive = PureWindowsPath(path).drive
    return drive.startswith(("\\\\", "//")) and not drive.startswith(("\\\\?\\", "\\\\.\\"))


def _existing(path: Path) -> Path:
    """The file, or the nearest folder above it that exists (a new shop file's place)."""
    path = path.absolute()
    while not path.exists() and path.parent != path:
        path = path.parent
    return path.resolve()


def network_filesystem(path: Path) -> str | None:
    """The kind of network filesystem `path` is on ("nfs4", "cifs", "network drive"), or None
    on a local disk (or when the system cannot tell)."""
    place = _existing(path)
    if sys.platform.startswith("linux"):
        return _linux(place)
    if sys.platform == "win32":
        return _windows(place)
    if sys.platform == "darwin":
        return _macos(place)
    return None


def _linux(place: Path) -> str | None:
    try:
        fstype = mount_type(str(place), MOUNTS.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        fstype = None
    if fstype is not None:
        return fstype if is_network_type(fstype) else None
    return NETWORK_MAGIC.get(_statfs_magic(place) or 0)


def _statfs_magic(place: Path) -> int | None:
    """f_type of statfs(2) on Linux (the first field of struct statfs), or None."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        buffer = ctypes.create_string_buffer(256)
        if libc.statfs(os.fsencode(place), buffer) == 0:
            return ctypes.c_ulong.from_buffer(buffer).value & 0xFFFFFFFF
    return None


def _windows(place: Path) -> str | None:
    text = str(place)
    if windows_share(text):
        return "network share"
    drive = PureWindowsPath(text).drive
    if not drive:
        return None
    if sys.platform == "win32":  # ctypes.windll is there on Windows only
        with contextlib.suppress(OSError):
            kind = ctypes.windll.kernel32.GetDriveTypeW(f"{drive}\\")
            if kind == _DRIVE_REMOTE:
                return "network drive"
    return None


class _MacStatfs(ctypes.Structure):
    """struct statfs of macOS (64-bit inodes, the only layout on current systems)."""

    _fields_ = [
        ("f_bsize", ctypes.c_uint32),
        ("f_iosize", ctypes.c_int32),
        ("f_blocks", ctypes.c_uint64),
        ("f_bfree", ctypes.c_uint64),
        ("f_bavail", ctypes.c_uint64),
        ("f_files", ctypes.c_uint64),
        ("f_ffree", ctypes.c_uint64),
        ("f_fsid", ctypes.c_int32 * 2),
        ("f_owner", ctypes.c_uint32),
        ("f_type", ctypes.c_uint32),
        ("f_flags", ctypes.c_uint32),
        ("f_fssubtype", ctypes.c_uint32),
        ("f_fstypename", ctypes.c_char * 16),
        ("f_mntonname", ctypes.c_char * 1024),
        ("f_mntfromname", ctypes.c_char * 1024),
        ("f_flags_ext", ctypes.c_uint32),
        ("f_reserved", ctypes.c_uint32 * 7),
    ]


def _macos(place: Path) -> str | None:
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        info = _MacStatfs()
        if libc.statfs(os.fsencode(place), ctypes.byref(info)) == 0:
            name = info.f_fstypename.decode("ascii", "replace")
            if not info.f_flags & _MNT_LOCAL or is_network_type(name):
                return name or "network volume"
    return None


def on_network(path: Path, fstype: str) -> str:
    """What to say about a shop file on a network filesystem, and what to do."""
    return (
        f"{path} is on a network drive ({fstype}): SQLite cannot share a shop file between "
        "computers safely, and the file can be damaged there. Copy it to this PC's own disk "
        "(for example your Documents folder) and open the copy with --db; two counters today "
        "means two windows on one PC"
    )


def check_for_writing(path: Path) -> None:
    """Refuse a shop file on a network filesystem, or one this user may not write."""
    if str(path) == ":memory:":
        return
    fstype = network_filesystem(path)
    if fstype is not None:
        raise DatabaseUnavailable(on_network(path, fstype))
    if path.exists() and not may_write(path):
        raise DatabaseUnavailable(read_only(path))


def may_write(path: Path) -> bool:
    """Whether this process may write the file: its effective rights (a root whose
    CAP_DAC_OVERRIDE was dropped is bound by the permissions), a read-only filesystem.

    Never by opening and closing the file on POSIX systems: closing any descriptor of a file
    drops every lock the process holds on it, SQLite's included, and the next program to
    close the shop file (the other counter) would then delete the WAL this process writes
    into. On Windows (ACLs, which access() does not read; locks belong to their handle) the
    file is opened for writing and closed."""
    if os.name != "nt":
        return os.access(path, os.W_OK, effective_ids=os.access in os.supports_effective_ids)
    try:
        os.close(os.open(path, os.O_RDWR))
    except PermissionError:
        return False
    except OSError as error:
        return error.errno not in (30,)  # EROFS: a read-only filesystem
    return True
