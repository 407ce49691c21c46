#!/bin/sh
# Add ReviewLens (评论透镜) to the applications menu of the current user; no root needed.
#   ./install.sh              add the menu entry and icon for the folder this script is in
#   ./install.sh --uninstall  remove them again (then delete this folder to remove the app)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/512x512/apps"

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$apps/reviewlens.desktop" "$icons/reviewlens.png"
  echo "已从应用菜单移除评论透镜 / ReviewLens removed from the applications menu."
  echo "删除文件夹即可卸载程序 / Delete this folder to remove the app: $here"
  exit 0
fi

mkdir -p "$apps" "$icons"
cp "$here/reviewlens.png" "$icons/reviewlens.png"
# The .desktop file needs absolute paths: point it at this folder.
sed -e "s|^Exec=.*|Exec=\"$here/ReviewLens\"|" \
    -e "s|^Icon=.*|Icon=$icons/reviewlens.png|" \
    "$here/reviewlens.desktop" > "$apps/reviewlens.desktop"
chmod 644 "$apps/reviewlens.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps" || true
echo "评论透镜已加入应用菜单 / ReviewLens added to the applications menu."
