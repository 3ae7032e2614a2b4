#!/usr/bin/env bash
# Builds the Debian packages from this build folder into a scratch folder with CPack and
# checks what they hold: the program, man page, completion and docs in `diary` with a
# Depends line from dpkg-shlibdeps and no maintainer scripts; the library files in
# `diary-dev`. Exits 77 (skipped) without dpkg-deb or help2man.
set -euo pipefail
cpack=$1 build=$2 work=$3 runtime=${4:-shared}  # lean: fmt and libstdc++ compiled into diary
command -v dpkg-deb >/dev/null || { echo "dpkg-deb is not installed: skipped"; exit 77; }
command -v help2man >/dev/null || { echo "help2man is not installed (no man page): skipped"; exit 77; }

fail() { echo "package: $*" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work"
"$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$work" >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(ls "$work"/diary_*.deb) || fail "no diary_*.deb"
dev=$(ls "$work"/diary-dev_*.deb) || fail "no diary-dev_*.deb"

contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/diary ./usr/libexec/diary/diary-serve ./usr/share/man/man1/diary.1.gz ./usr/share/bash-completion/completions/diary \
         ./usr/share/doc/diary/README.md ./usr/share/doc/diary/CONTRACT.md; do
  grep -q " $f\$" <<<"$contents" || fail "$deb has no $f"
done
grep -Eq '/usr/include/|\.a$|/cmake/' <<<"$contents" && fail "$deb holds development files"

info=$(dpkg-deb -I "$deb")
grep -q '^ Package: diary$' <<<"$info" || fail "the package is not called diary"
depends=$(grep '^ Depends: ' <<<"$info") || fail "no Depends line"
# SQLite is linked statically where Debian ships libsqlite3.a (DIARY_STATIC_SQLITE), so it
# need not be named; the rest are shared. The zone files come from tzdata (read directly,
# so libdate-tz is not needed at run time). fmt is compiled in (header-only), and `diary`
# itself links libstdc++ statically; diary-serve still uses the shared one.
for lib in libc6 libstdc++6 tzdata libmicrohttpd libqrencode; do
  grep -q "$lib" <<<"$depends" || fail "Depends names no $lib: $depends"
done
if [[ $runtime == lean ]]; then
  grep -q libfmt <<<"$depends" && fail "Depends names libfmt, which is compiled in: $depends"
fi
grep -Eq '^ +[0-9]+ bytes, +[0-9]+ lines +\*? *(preinst|postinst|prerm|postrm)' <<<"$info" &&
  fail "the package has maintainer scripts"

mkdir "$work/root"
dpkg-deb -x "$deb" "$work/root"
# What `diary` loads at every start (each `log` at night): libc and libm, nothing more.
if [[ $runtime == lean ]]; then
  needed=$(readelf -d "$work/root/usr/bin/diary" | grep NEEDED) || fail "cannot read diary's shared objects"
  grep -Eq 'libstdc|libfmt|libsqlite|libspdlog|libdate' <<<"$needed" && fail "diary loads more than libc: $needed"
fi
man=$(zcat "$work/root/usr/share/man/man1/diary.1.gz")
for s in '.SH COMMANDS' '.SH ENVIRONMENT' '.SH FILES' '.SH "EXIT STATUS"' '.SH "TIME FORMS"' 'diary remind install'; do
  grep -qF "$s" <<<"$man" || fail "the man page has no $s"
done
grep -q '^complete -F _diary diary$' "$work/root/usr/share/bash-completion/completions/diary" ||
  fail "the completion does not complete diary"

devcontents=$(dpkg-deb -c "$dev")
for f in diaryConfig.cmake libdiary_app.a /usr/include/diary/; do
  grep -q "$f" <<<"$devcontents" || fail "$dev has no $f"
done
echo "package: $(basename "$deb") and $(basename "$dev") hold what they should; $depends"
