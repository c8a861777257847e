"""A shop file on a network filesystem is refused for writing, with what to do instead."""

from __future__ import annotations

import pytest

from store import file_place
from store.db import connect
from store.errors import DatabaseUnavailable

#: /proc/mounts of a Linux desktop with a NAS share, a university NFS home, an sshfs mount and
#: a GNOME network mount beside the local disks (spaces escaped as the kernel writes them).
MOUNTS = r"""/dev/nvme0n1p2 / ext4 rw,relatime 0 0
tmpfs /run tmpfs rw,nosuid,nodev 0 0
/dev/nvme0n1p1 /boot/efi vfat rw,relatime 0 0
//nas.local/shop /mnt/shop cifs rw,vers=3.1.1,addr=192.168.1.20 0 0
files.uni.edu:/home/ana /home/ana nfs4 rw,relatime,vers=4.2 0 0
/dev/sdb1 /home/ana/usb\040stick vfat rw 0 0
ana@server:/srv /home/ana/server fuse.sshfs rw,nosuid,nodev 0 0
gvfsd-fuse /run/user/1000/gvfs fuse.gvfsd-fuse rw,nosuid,nodev 0 0
/dev/sdc1 /media/ntfs fuseblk rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/mnt/shop/parcel-desk/shop.db", "cifs"),
        ("/home/ana/.local/share/parcel-desk/shop.db", "nfs4"),
        ("/home/ana/usb stick/shop.db", "vfat"),
        ("/home/ana/server/shop.db", "fuse.sshfs"),
        ("/run/user/1000/gvfs/smb-share:server=nas,share=shop/shop.db", "fuse.gvfsd-fuse"),
        ("/var/lib/shop.db", "ext4"),
        ("/mnt/shopping/shop.db", "ext4"),  # a neighbour of /mnt/shop, not inside it
    ],
)
def test_the_deepest_mount_holding_the_file_gives_its_type(path, kind) -> None:
    """Longest mount point wins; escaped spaces are read; a prefix is not a parent."""
    assert file_place.mount_type(path, MOUNTS) == kind


@pytest.mark.parametrize(
    ("fstype", "network"),
    [
        ("nfs", True),
        ("nfs4", True),
        ("cifs", True),
        ("smb3", True),
        ("fuse.sshfs", True),
        ("fuse.gvfsd-fuse", True),
        ("fuse.rclone", True),
        ("ext4", False),
        ("btrfs", False),
        ("overlay", False),
        ("tmpfs", False),
        ("fuseblk", False),
        ("fuse.ntfs-3g", False),
    ],
)
def test_network_types_are_told_from_local_ones(fstype, network) -> None:
    assert file_place.is_network_type(fstype) is network


@pytest.mark.parametrize(
    ("path", "share"),
    [
        (r"\\nas\shop\shop.db", True),
        ("//nas/shop/shop.db", True),
        (r"C:\Users\Ana\AppData\Local\parcel-desk\shop.db", False),
        (r"\\?\C:\Users\Ana\shop.db", False),
        (r"\\.\PhysicalDrive0", False),
    ],
)
def test_a_unc_path_is_a_windows_share(path, share) -> None:
    assert file_place.windows_share(path) is share


@pytest.fixture
def on_nfs(tmp_path, monkeypatch):
    """This test's folder, as the kernel would list it when it is an NFS mount."""
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/vda / ext4 rw 0 0\nnas:/export {tmp_path}/share nfs4 rw 0 0\n")
    monkeypatch.setattr(file_place, "MOUNTS", mounts)
    (tmp_path / "share").mkdir()
    return tmp_path / "share"


def test_a_new_shop_file_on_nfs_is_refused_and_not_created(on_nfs) -> None:
    """The sentence names the filesystem and says what to do; no file appears."""
    with pytest.raises(DatabaseUnavailable) as refused:
        connect(on_nfs / "shop.db")
    message = str(refused.value)
    assert "network drive (nfs4)" in message
    assert "Copy it to this PC's own disk" in message
    assert "two windows on one PC" in message
    assert list(on_nfs.iterdir()) == []


def test_an_existing_shop_file_on_nfs_is_refused_even_for_reading(on_nfs, tmp_path) -> None:
    """An existing file there is not opened at all (its shared-memory index would be too)."""
    local = tmp_path / "local.db"
    connect(local).conn.close()
    (on_nfs / "shop.db").write_bytes(local.read_bytes())
    for read_only in (False, True):
        with pytest.raises(DatabaseUnavailable, match="network drive"):
            connect(on_nfs / "shop.db", read_only=read_only)


def test_a_local_file_is_fine(tmp_path) -> None:
    """This sandbox's own disk is local: nothing is refused."""
    assert file_place.network_filesystem(tmp_path / "shop.db") is None
    connect(tmp_path / "shop.db").conn.close()
