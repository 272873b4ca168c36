#!/usr/bin/env bash
# What a user installs, tried for real (scripts/test.sh runs it after the tests):
#  - `cmake -S . -B build` without cmocka configures, saying the tests are skipped;
#  - a Release build with the tests off;
#  - cmake --install into a scratch prefix gives bin/renkei, lib/librenkei.a and .so,
#    include/renkei.h, lib/pkgconfig/renkei.pc, share/man/man1/renkei.1 and
#    share/bash-completion/completions/renkei;
#  - a program built against the installed library through pkg-config runs, linked shared and
#    static; man -l renders the installed page;
#  - cpack -G DEB makes a .deb whose Depends are runtime libraries only (no -dev package), which
#    dpkg installs into a scratch root, and the renkei it installed runs --version in an empty
#    directory.
# usage: tests/install.sh BUILD_DIR
set -u
build=$1
src=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib.sh
. "$src/tests/lib.sh"
rk_tmpdir
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DRENKEI_BUILD_TESTS=OFF >/dev/null \
  && cmake --build "$build" -j"$(nproc)" >/dev/null && ok || { ko "Release build"; finish; }

# the plain configure without cmocka: it works, and says the tests were skipped
mkdir "$tmp/pc"
for d in $(pkg-config --variable pc_path pkg-config | tr : ' '); do
  for pc in "$d"/*.pc; do [ -e "$pc" ] && [ "${pc##*/}" != cmocka.pc ] && ln -sf "$pc" "$tmp/pc/"; done
done
PKG_CONFIG_LIBDIR=$tmp/pc cmake -S "$src" -B "$tmp/plain" >"$tmp/plain.log" 2>&1 \
  && grep -q 'cmocka not found: tests skipped' "$tmp/plain.log" && ok \
  || ko "cmake -S . -B build without cmocka: $(tail -5 "$tmp/plain.log")"

prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null && ok || ko "cmake --install"
libdir=$(dirname "$(find "$prefix" -name renkei.pc)")/..
for f in bin/renkei include/renkei.h share/man/man1/renkei.1 share/bash-completion/completions/renkei; do
  [ -f "$prefix/$f" ] && ok || ko "cmake --install did not install $f"
done
for f in librenkei.a librenkei.so pkgconfig/renkei.pc; do
  [ -e "$libdir/$f" ] && ok || ko "cmake --install did not install lib/$f"
done
[ "$("$prefix/bin/renkei" --version)" = "renkei $(sed -n 's/^#define RK_VERSION "\(.*\)"/\1/p' "$src/src/include/renkei.h")" ] \
  && ok || ko "installed renkei --version"

# the library through pkg-config: shared, then static
cat >"$tmp/use.c" <<'C'
#include <renkei.h>
#include <stdio.h>
int main(void)
{
    const struct rk_rule *r = rk_rule_find("FLD-009");
    printf("%s %s\n", RK_VERSION, r ? r->id : "none");
    return r ? 0 : 1;
}
C
export PKG_CONFIG_PATH=$libdir/pkgconfig
# shellcheck disable=SC2046
cc -o "$tmp/use-shared" "$tmp/use.c" $(pkg-config --cflags --libs renkei) 2>"$tmp/err" \
  && LD_LIBRARY_PATH=$libdir "$tmp/use-shared" | grep -q ' FLD-009$' \
  && LD_LIBRARY_PATH=$libdir ldd "$tmp/use-shared" | grep -q librenkei.so \
  && ok || ko "a program against the shared library: $(head -3 "$tmp/err")"
# shellcheck disable=SC2046
cc -o "$tmp/use-static" "$tmp/use.c" $(pkg-config --cflags renkei) "$libdir/librenkei.a" \
  $(pkg-config --static --libs renkei | sed 's/-lrenkei\b//') 2>"$tmp/err" \
  && "$tmp/use-static" | grep -q ' FLD-009$' && ! ldd "$tmp/use-static" | grep -q librenkei \
  && ok || ko "a program against the static library: $(head -3 "$tmp/err")"
if command -v man >/dev/null; then
  LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$prefix/share/man/man1/renkei.1" 2>"$tmp/err" | grep -q 'renkei check' \
    && [ ! -s "$tmp/err" ] && ok || ko "man -l of the installed page: $(head -3 "$tmp/err")"
fi
bash -c "source '$prefix/share/bash-completion/completions/renkei'; COMP_WORDS=(renkei ver); COMP_CWORD=1; _renkei; [ \"\${COMPREPLY[*]}\" = verify ]" \
  && ok || ko "the installed bash completion"

# the .deb
(cd "$build" && cpack -G DEB >"$tmp/cpack.log" 2>&1) && ok || { ko "cpack -G DEB: $(tail -5 "$tmp/cpack.log")"; finish; }
deb=$(ls "$build"/renkei_*.deb | head -1)
depends=$(dpkg-deb -f "$deb" Depends)
[ -n "$depends" ] && ! printf '%s' "$depends" | grep -q -- '-dev' \
  && printf '%s' "$depends" | grep -q libjansson && printf '%s' "$depends" | grep -q libssl \
  && ok || ko "the .deb depends on '$depends' (runtime libraries only expected)"
dpkg-deb -c "$deb" | grep -q '/usr/share/man/man1/renkei.1' && ok || ko "no man page in the .deb"
root=$tmp/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" && : >"$root/var/lib/dpkg/status"
dpkg --root="$root" --force-depends --force-script-chrootless -i "$deb" >"$tmp/dpkg.log" 2>&1 \
  || dpkg -x "$deb" "$root"
mkdir "$tmp/empty"
(cd "$tmp/empty" && LD_LIBRARY_PATH=$root/usr/lib "$root/usr/bin/renkei" --version) | grep -q '^renkei ' \
  && ok || ko "renkei --version from the .deb: $(tail -3 "$tmp/dpkg.log")"
echo "install: $deb, Depends: $depends"
finish
