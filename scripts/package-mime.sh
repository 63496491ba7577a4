#!/usr/bin/env bash
# package-mime.sh adds the model files' MIME type to the Linux package that `fyne package`
# made, so that file managers offer ConvScope for them.
#
# Usage: scripts/package-mime.sh ARCHIVE MIME_XML
#
# FyneApp.toml's [CanOpen] MimeTypes gives the desktop entry its MimeType= line, but fyne
# tools v1.7.4 stops there: it ships no shared-mime-info file defining the type, it writes
# Exec=convscope %F (several files, where the app opens one: %f), and that " %F" also ends up
# in the package Makefile's Exec, the name of the binary it installs. This script rewrites
# ARCHIVE (a .tar.xz) in place: MIME_XML into share/mime/packages/, Exec with %f in the desktop
# entry and the Makefile, and the Makefile's install, uninstall, user-install and
# user-uninstall (un)installing MIME_XML and refreshing the MIME and desktop databases.

set -euo pipefail

if (($# != 2)); then
	echo "usage: scripts/package-mime.sh ARCHIVE MIME_XML" >&2
	exit 2
fi
archive=$1 xml=$2
for tool in tar xz; do
	if ! command -v "$tool" >/dev/null; then
		echo "package-mime: $tool not found; install it (Debian: apt-get install $tool)" >&2
		exit 1
	fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xJf "$archive" -C "$work"

# The archive holds one folder: Makefile and usr/ (usr/local/ when the machine that packaged
# it has a /usr/local).
tops=("$work"/*)
top=${tops[0]}
desktops=("$top"/usr/*share/applications/*.desktop "$top"/usr/local/share/applications/*.desktop)
desktop=""
for d in "${desktops[@]}"; do
	if [[ -f $d ]]; then desktop=$d; fi
done
if ((${#tops[@]} != 1)) || [[ ! -f $top/Makefile || -z $desktop ]]; then
	echo "package-mime: $archive is not laid out as fyne package makes it (one folder with a Makefile and usr/share/applications/*.desktop)" >&2
	exit 1
fi
share=$(dirname "$(dirname "$desktop")")
mime=$(basename "$xml")
mime_src=${share#"$top"/}/mime/packages/$mime # as the Makefile names it, from its folder
install -Dm644 "$xml" "$top/$mime_src"

sed -i -E 's/^(Exec=.*) %F$/\1 %f/' "$desktop"
sed -i -E 's/^(Exec := ".*) %F"$/\1"/' "$top/Makefile"

# Each target's lines are added at the end of its recipe.
awk -v src="$mime_src" -v mime="$mime" '
function flush() {
	if (target != "" && target in extra) printf "%s", extra[target]
	target = ""
}
BEGIN {
	update = "\tif command -v update-mime-database >/dev/null; then update-mime-database %s/share/mime; fi\n" \
		"\tif command -v update-desktop-database >/dev/null; then update-desktop-database %s/share/applications; fi\n"
	system_dir = "$(DESTDIR)$(PREFIX)"
	user_dir = "$(DESTDIR)$(HOME)/.local"
	extra["install"] = sprintf("\tinstall -Dm00644 %s %s/share/mime/packages/%s\n" update, src, system_dir, mime, system_dir, system_dir)
	extra["uninstall"] = sprintf("\t-rm %s/share/mime/packages/%s\n" update, system_dir, mime, system_dir, system_dir)
	extra["user-install"] = sprintf("\tinstall -Dm00644 %s %s/share/mime/packages/%s\n" update, src, user_dir, mime, user_dir, user_dir)
	extra["user-uninstall"] = sprintf("\t-rm %s/share/mime/packages/%s\n" update, user_dir, mime, user_dir, user_dir)
}
/^[A-Za-z-]+:/ { flush(); target = substr($0, 1, index($0, ":") - 1) }
/^$/ { flush() }
{ print }
END { flush() }
' "$top/Makefile" >"$work/Makefile.new"
mv "$work/Makefile.new" "$top/Makefile"

# Check the result, so that a fyne tools that writes its files otherwise fails here.
problems=()
grep -q '^MimeType=.' "$desktop" || problems+=("no MimeType= line in the desktop entry (FyneApp.toml's [CanOpen] MimeTypes)")
grep -q '^Exec=[^ ]* %f$' "$desktop" || problems+=("the desktop entry's Exec does not end in %f: $(grep '^Exec=' "$desktop")")
grep -q '%F' "$top/Makefile" && problems+=("the Makefile still has %F")
(($(grep -c "share/mime/packages/$mime" "$top/Makefile") == 4)) || problems+=("the Makefile's four (un)install targets were not all extended")
if ((${#problems[@]} > 0)); then
	printf 'package-mime: %s\n' "${problems[@]}" >&2
	exit 1
fi

tar -cJf "$archive.tmp" -C "$work" "$(basename "$top")"
mv "$archive.tmp" "$archive"
echo "package-mime: $archive: $mime_src, $(grep '^MimeType=' "$desktop"), $(grep '^Exec=' "$desktop")"
