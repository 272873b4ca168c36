#!/usr/bin/env bash
# Cross-builds renkei.exe for Windows x64 with Debian's mingw-w64 into build-windows/, then
# (unless --no-zip) the release archive build-windows/renkei-<version>-windows-x64.zip.
#
# The libraries renkei links (libcsv, jansson, OpenSSL's libcrypto, libzip, zlib and expat) are built
# for the mingw target from Debian's own source packages, at the versions pinned below, fetched
# with `apt-get source` after adding a deb-src entry for the archive apt already uses
# (/etc/apt/sources.list.d/renkei-deb-src.sources). They are built once, under nice, into
# build-windows/deps/prefix and remembered by a stamp per package and version, so a second run
# only rebuilds renkei (RENKEI_WINDOWS_DEPS=DIR keeps them elsewhere, e.g. in a CI cache).
# Everything is linked statically: renkei.exe needs only Windows' own DLLs. The generators run
# at build time (specs, encoding tables) are built for the build machine by CMake itself.
#
#   scripts/build-windows.sh [--deps-only] [--no-zip]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# Debian bookworm source packages, pinned. A security update that removes a pinned version from
# the archive makes apt-get source fail with a message naming it: update the pin here.
pins=(
  "zlib=1:1.2.13.dfsg-1"
  "libcsv=3.0.3+dfsg-6"
  "jansson=2.14-2"
  "openssl=3.0.20-1~deb12u2"
  "libzip=1.7.3-1"
  "expat=2.5.0-1+deb12u2"
)

deps_only=0
zip=1
for a in "$@"; do
  case $a in
    --deps-only) deps_only=1 ;;
    --no-zip) zip=0 ;;
    *) echo "usage: scripts/build-windows.sh [--deps-only] [--no-zip]" >&2; exit 2 ;;
  esac
done

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo

# ---- packages: the cross compiler, Wine for the tests, what apt-get source needs ------------
scripts/setup.sh
packages=(gcc-mingw-w64-x86-64-posix wine64 dpkg-dev zip unzip)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
src_list=/etc/apt/sources.list.d/renkei-deb-src.sources
need_update=0
if [ ! -e "$src_list" ]; then
  # the same archive and suites as the binary entries apt already uses, as deb-src
  tmp=$(mktemp)
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -e "$f" ] || continue
    awk 'BEGIN { RS=""; ORS="\n\n" }
         /(^|\n)Types:[^\n]*deb/ && /URIs:[^\n]*debian/ && $0 !~ /deb-src/ {
           sub(/Types:[^\n]*/, "Types: deb-src"); print }' "$f"
  done >"$tmp"
  if [ -e /etc/apt/sources.list ]; then
    grep -E '^deb[[:space:]]+[^ ]*debian' /etc/apt/sources.list | sed 's/^deb /deb-src /' >>"$tmp" || true
  fi
  if ! grep -q deb-src "$tmp"; then
    echo "build-windows: no Debian archive found in /etc/apt/sources.list* to add deb-src for" >&2
    exit 1
  fi
  { echo "# Added by renkei scripts/build-windows.sh: Debian's source packages of the libraries"
    echo "# renkei.exe links statically, from the same archive the binary packages come from."
    cat "$tmp"; } | $SUDO tee "$src_list" >/dev/null
  rm -f "$tmp"
  need_update=1
fi
if [ ${#missing[@]} -gt 0 ] || [ $need_update = 1 ]; then
  $SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "build-windows: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
fi

# ---- dependencies from Debian's source packages ---------------------------------------------
out=$root/build-windows
deps=${RENKEI_WINDOWS_DEPS:-$out/deps}
prefix=$deps/prefix
host=x86_64-w64-mingw32
cc=$host-gcc-posix
toolchain=$root/scripts/mingw-w64-x86_64.cmake
jobs=$(nproc)
mkdir -p "$deps/src" "$deps/stamp" "$prefix/include" "$prefix/lib/pkgconfig" "$prefix/licenses"

# unpacks PKG=VERSION under deps/src (once; the unpacked tree is kept) and prints its directory
fetch_source() {
  local pin=$1 pkg=${1%%=*} ver=${1#*=}
  local upstream=${ver#*:}
  upstream=${upstream%-*}
  upstream=${upstream%%+dfsg*}
  upstream=${upstream%%.dfsg*}
  local dir
  dir=$(find "$deps/src" -maxdepth 1 -type d -name "$pkg-$upstream*" | head -1)
  if [ -z "$dir" ]; then
    (cd "$deps/src" && apt-get source -qq "$pin" >/dev/null 2>"$deps/src/$pkg.log") || {
      cat "$deps/src/$pkg.log" >&2
      echo "build-windows: apt-get source $pin failed (is the pinned version still in the archive?)" >&2
      exit 1
    }
    dir=$(find "$deps/src" -maxdepth 1 -type d -name "$pkg-$upstream*" | head -1)
  fi
  echo "$dir"
}

stamp_of() { echo "$deps/stamp/$(echo "$1" | tr ':=~' '_-_')"; }

build_zlib() {
  # Debian's tree has no win32/ makefile: the library's C files compiled directly
  local d=$1 o=$deps/build-zlib f
  rm -rf "$o"
  mkdir -p "$o"
  for f in adler32 compress crc32 deflate gzclose gzlib gzread gzwrite infback inffast inflate \
           inftrees trees uncompr zutil; do
    $cc -O2 -c "$d/$f.c" -I"$d" -o "$o/$f.o"
  done
  rm -f "$prefix/lib/libz.a"
  $host-ar rcs "$prefix/lib/libz.a" "$o"/*.o
  cp "$d/zlib.h" "$d/zconf.h" "$prefix/include/"
  cp "$d/debian/copyright" "$prefix/licenses/zlib.txt"
  rm -rf "$o"
}

build_libcsv() {
  # one C file and one header; compiled directly (its autotools build adds nothing on Windows)
  local d=$1
  $cc -O2 -c "$d/libcsv.c" -I"$d" -o "$deps/libcsv.o"
  rm -f "$prefix/lib/libcsv.a"
  $host-ar rcs "$prefix/lib/libcsv.a" "$deps/libcsv.o"
  cp "$d/csv.h" "$prefix/include/"
  cp "$d/debian/copyright" "$prefix/licenses/libcsv.txt"
}

build_jansson() {
  local d=$1
  cmake -S "$d" -B "$deps/build-jansson" -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" -DJANSSON_BUILD_DOCS=OFF \
    -DJANSSON_WITHOUT_TESTS=ON -DJANSSON_EXAMPLES=OFF -DJANSSON_BUILD_SHARED_LIBS=OFF >/dev/null
  cmake --build "$deps/build-jansson" -j"$jobs" >/dev/null
  cmake --install "$deps/build-jansson" >/dev/null
  cp "$d/debian/copyright" "$prefix/licenses/jansson.txt"
}

build_openssl() {
  # libcrypto only (renkei uses no TLS), without the algorithms and subsystems it does not use:
  # Ed25519 (ecx), SHA-256, PEM/PKCS#8/SubjectPublicKeyInfo and the random generator remain.
  local d=$1 b=$deps/build-openssl
  rm -rf "$b"
  mkdir -p "$b"
  (cd "$b" && perl "$d/Configure" mingw64 --cross-compile-prefix=$host- CC=gcc-posix \
    --prefix="$prefix" --libdir=lib no-shared no-tests no-module no-legacy no-engine no-dso \
    no-comp no-ocsp no-cms no-ts no-srp no-ct no-cmp no-ui-console no-rfc3779 no-autoload-config \
    no-idea no-camellia no-seed no-bf no-cast no-rc2 no-rc4 no-rc5 no-md4 no-mdc2 \
    no-whirlpool no-rmd160 no-des no-dsa no-sm2 no-sm3 no-sm4 no-siphash no-aria no-scrypt \
    no-ocb no-siv no-gost no-ec2m >/dev/null &&
    make -s -j"$jobs" build_generated >/dev/null && make -s -j"$jobs" libcrypto.a >/dev/null)
  cp "$b/libcrypto.a" "$prefix/lib/"
  rm -rf "$prefix/include/openssl"
  mkdir -p "$prefix/include/openssl"
  cp "$d"/include/openssl/*.h "$b"/include/openssl/*.h "$prefix/include/openssl/"
  cp "$d/debian/copyright" "$prefix/licenses/openssl.txt"
  rm -rf "$b"
}

build_libzip() {
  local d=$1
  cmake -S "$d" -B "$deps/build-libzip" -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_FIND_ROOT_PATH="$prefix" -DBUILD_SHARED_LIBS=OFF -DENABLE_BZIP2=OFF \
    -DENABLE_LZMA=OFF -DENABLE_ZSTD=OFF -DENABLE_GNUTLS=OFF -DENABLE_MBEDTLS=OFF \
    -DENABLE_OPENSSL=OFF -DENABLE_WINDOWS_CRYPTO=OFF -DENABLE_COMMONCRYPTO=OFF \
    -DBUILD_TOOLS=OFF -DBUILD_REGRESS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_DOC=OFF \
    -DZLIB_LIBRARY="$prefix/lib/libz.a" -DZLIB_INCLUDE_DIR="$prefix/include" >/dev/null
  cmake --build "$deps/build-libzip" -j"$jobs" >/dev/null
  cmake --install "$deps/build-libzip" >/dev/null
  cp "$d/debian/copyright" "$prefix/licenses/libzip.txt"
}

build_expat() {
  # the XML parser of renkei specs import-life (MHLW's .xlsx item list)
  local d=$1
  cmake -S "$d/expat" -B "$deps/build-expat" -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" -DEXPAT_SHARED_LIBS=OFF \
    -DEXPAT_BUILD_TOOLS=OFF -DEXPAT_BUILD_EXAMPLES=OFF -DEXPAT_BUILD_TESTS=OFF \
    -DEXPAT_BUILD_DOCS=OFF -DEXPAT_BUILD_FUZZERS=OFF >/dev/null
  # Debian's security patches test `#if XML_DTD == 1`, as its autotools build defines it; the
  # CMake build defines it empty
  sed -i 's/^#define XML_DTD$/#define XML_DTD 1/' "$deps/build-expat/expat_config.h"
  cmake --build "$deps/build-expat" -j"$jobs" >/dev/null
  cmake --install "$deps/build-expat" >/dev/null
  cp "$d/debian/copyright" "$prefix/licenses/expat.txt"
}

t0=$(date +%s)
for pin in "${pins[@]}"; do
  pkg=${pin%%=*}
  stamp=$(stamp_of "$pin")
  [ -e "$stamp" ] && continue
  s=$(date +%s)
  dir=$(fetch_source "$pin")
  echo "build-windows: building $pin for $host"
  export -f build_zlib build_libcsv build_jansson build_openssl build_libzip build_expat
  export deps prefix host cc toolchain jobs
  if ! nice -n 10 bash -c "set -euo pipefail; build_$pkg '$dir'" >"$deps/$pkg.build.log" 2>&1; then
    tail -40 "$deps/$pkg.build.log" >&2
    echo "build-windows: building $pkg failed (whole log: $deps/$pkg.build.log)" >&2
    exit 1
  fi
  touch "$stamp"
  echo "build-windows: $pkg built in $(($(date +%s) - s)) s"
done
echo "build-windows: dependencies ready in $(($(date +%s) - t0)) s"
[ $deps_only = 1 ] && exit 0

# ---- renkei.exe ------------------------------------------------------------------------------
s=$(date +%s)
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
PKG_CONFIG_LIBDIR=$prefix/lib/pkgconfig PKG_CONFIG_PATH= nice -n 10 cmake -S . -B "$out" \
  -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_BUILD_TYPE=Release -DRENKEI_WERROR=ON \
  -DRENKEI_BUILD_TESTS=OFF -DCMAKE_FIND_ROOT_PATH="$prefix" -DOPENSSL_ROOT_DIR="$prefix" \
  -DCMAKE_CROSSCOMPILING_EMULATOR="$wine" >/dev/null
WINEPREFIX=$out/wineprefix WINEDEBUG=-all nice -n 10 cmake --build "$out" -j"$jobs" --target renkei_cli >/dev/null
exe=$out/renkei.exe
$host-strip "$exe"
echo "build-windows: $exe ($(stat -c %s "$exe") bytes) built in $(($(date +%s) - s)) s"
# nothing but Windows' own DLLs
dlls=$($host-objdump -p "$exe" | sed -n 's/^\s*DLL Name: //p' | tr 'A-Z' 'a-z' | sort -u | tr '\n' ' ')
for d in $dlls; do
  case $d in
    kernel32.dll | msvcrt.dll | advapi32.dll | bcrypt.dll | crypt32.dll | ws2_32.dll | \
      shell32.dll | user32.dll | gdi32.dll | api-ms-win-*) ;;
    *) echo "build-windows: renkei.exe needs $d, which Windows does not ship" >&2; exit 1 ;;
  esac
done
echo "build-windows: renkei.exe imports $dlls"

# ---- the release archive ---------------------------------------------------------------------
[ $zip = 1 ] || exit 0
version=$(sed -n 's/^project(renkei VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
name=renkei-$version-windows-x64
stage=$out/$name
rm -rf "$stage" "$out/$name.zip"
mkdir -p "$stage/licenses"
cp "$exe" "$stage/"
# Notepad and every Windows editor: UTF-8 with a BOM, CRLF line ends
{ printf '\357\273\277'; sed 's/$/\r/' packaging/windows/README-Windows.txt; } >"$stage/README-Windows.txt"
# every library built above is linked into renkei.exe
cp "$prefix"/licenses/*.txt "$stage/licenses/"
[ -e LICENSE ] && cp LICENSE "$stage/licenses/renkei.txt"
cp /usr/share/doc/mingw-w64-x86-64-dev/copyright "$stage/licenses/mingw-w64.txt"
cp /usr/share/doc/gcc-mingw-w64-x86-64-posix-runtime/copyright "$stage/licenses/gcc-runtime.txt"
for f in "$stage"/licenses/*.txt; do sed -i 's/$/\r/' "$f"; done
# the same archive for the same commit: entries in name order, dated by the commit
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 315532800)}
(cd "$out" && find "$name" -exec touch -d "@$epoch" {} + &&
  find "$name" -type f | LC_ALL=C sort | zip -q -X -D "$name.zip" -@)
rm -rf "$stage"
echo "build-windows: $out/$name.zip ($(stat -c %s "$out/$name.zip") bytes)"
