#!/usr/bin/env bash
# Install the built app (dist/parcel-desk/) for the current user on Linux: the folder goes to
# ~/.local/opt/parcel-desk, a `parcel-desk` link to ~/.local/bin, the menu entry and the icon
# to where desktops look for them. Run it again to update; nothing outside ~/.local changes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
built="${1:-$here/../dist/parcel-desk}"
if [[ ! -x "$built/parcel-desk" ]]; then
    echo "No built app at $built: run 'pyinstaller --noconfirm packaging/parcel-desk.spec' first." >&2
    exit 1
fi
prefix="$HOME/.local"
rm -rf "$prefix/opt/parcel-desk.new"
mkdir -p "$prefix/opt" "$prefix/bin" "$prefix/share/applications" \
    "$prefix/share/icons/hicolor/scalable/apps"
cp -a "$built" "$prefix/opt/parcel-desk.new"
rm -rf "$prefix/opt/parcel-desk"
mv "$prefix/opt/parcel-desk.new" "$prefix/opt/parcel-desk"
ln -sfn "$prefix/opt/parcel-desk/parcel-desk" "$prefix/bin/parcel-desk"
cp "$here/parcel-desk.svg" "$prefix/share/icons/hicolor/scalable/apps/parcel-desk.svg"
sed "s|^Exec=parcel-desk|Exec=$prefix/opt/parcel-desk/parcel-desk|" "$here/parcel-desk.desktop" \
    > "$prefix/share/applications/parcel-desk.desktop"
echo "Installed: $prefix/opt/parcel-desk (menu entry: Parcel Desk; command: parcel-desk)"
