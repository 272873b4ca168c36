#!/usr/bin/env bash
# Builds librenkei for WebAssembly with Debian's emscripten (3.1.6): the dependencies from
# Debian's own source packages (pinned below; cached in build-wasm/deps, so a second run skips
# them), then the library and the page's module, build-wasm/lib/web/renkei-web.js (the .wasm
# inside). Run as root or with sudo available.
#
#   scripts/build-wasm.sh            # everything; prints the time each stage took
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/build-wasm
deps=$out/deps
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo

# The Debian source packages the library links, pinned: a new upload to bookworm means a new
# pin here (apt-get source fails on a version the archive no longer has).
pins=(libcsv=3.0.3+dfsg-6 jansson=2.14-2 openssl=3.0.20-1~deb12u2 zlib=1:1.2.13.dfsg-1 libzip=1.7.3-1)

stage_start=$(date +%s)
stage() { # NAME: prints how long the previous stage took
  local now; now=$(date +%s)
  [ -n "${stage_name:-}" ] && echo "build-wasm: $stage_name took $((now - stage_start)) s"
  stage_name=$1; stage_start=$now
}

stage "setup"
scripts/setup.sh
need=()
for p in emscripten dpkg-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "build-wasm: installing ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# emscripten's JavaScript optimiser needs Debian's node modules (acorn), wherever the
# machine's node comes from.
for d in /usr/share/nodejs /usr/lib/nodejs; do
  [ -d "$d/acorn" ] && export NODE_PATH=$d${NODE_PATH:+:$NODE_PATH}
done

# ---- dependencies: Debian source packages compiled with emcc -------------------------------
stage "dependencies"
prefix=$deps/prefix
mkdir -p "$deps/src" "$prefix/lib" "$prefix/include"
have_src_lists() { apt-get source --print-uris "${pins[0]}" >/dev/null 2>&1; }
fetch_source() { # PKG=VER: unpacks the source package into $deps/src, prints its directory
  local pkg=${1%%=*} ver=${1#*=}
  local upstream=${ver#*:}; upstream=${upstream%-*}; upstream=${upstream%+dfsg*}
  local dir
  dir=$(find "$deps/src" -maxdepth 1 -type d -name "$pkg-${upstream}*" | head -n1)
  if [ -z "$dir" ]; then
    if ! have_src_lists; then
      # A deb-src entry for the archive apt already uses (same URIs, suites, components).
      local f=/etc/apt/sources.list.d/renkei-deb-src.sources
      echo "build-wasm: adding $f"
      for s in /etc/apt/sources.list.d/*.sources; do
        [ "$s" = "$f" ] && continue
        sed -n 's/^Types: deb$/Types: deb-src/; /^Types: deb-src/,/^$/p' "$s"; echo
      done | $SUDO tee "$f" >/dev/null
      if [ -f /etc/apt/sources.list ]; then # the one-line format
        sed -n 's/^deb /deb-src /p' /etc/apt/sources.list | $SUDO tee /etc/apt/sources.list.d/renkei-deb-src.list >/dev/null
      fi
      $SUDO apt-get update -qq
    fi
    (cd "$deps/src" && apt-get source -qq --only-source "$1" >/dev/null) || {
      echo "build-wasm: apt-get source $1 failed: is that version still in the archive? (apt-cache showsrc $pkg)" >&2
      exit 1
    }
    dir=$(find "$deps/src" -maxdepth 1 -type d -name "$pkg-${upstream}*" | head -n1)
  fi
  echo "$dir"
}
built() { [ -f "$deps/stamp-$1" ]; }
mark() { touch "$deps/stamp-$1"; }
# Optimise in the build proper (CMAKE_C_FLAGS_RELEASE) but not in configure's link tests,
# each of which emcc would otherwise optimise through node: minutes saved.
CFLAGS_DEPS="-O2"

if ! built "${pins[0]}"; then
  src=$(fetch_source "${pins[0]}")
  emcc $CFLAGS_DEPS -c "$src/libcsv.c" -I"$src" -o "$deps/libcsv.o"
  emar rcs "$prefix/lib/libcsv.a" "$deps/libcsv.o"
  cp "$src/csv.h" "$prefix/include/"
  mark "${pins[0]}"
fi
if ! built "${pins[1]}"; then
  src=$(fetch_source "${pins[1]}")
  rm -rf "$deps/jansson-build"
  emcmake cmake -S "$src" -B "$deps/jansson-build" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_FLAGS_RELEASE="$CFLAGS_DEPS" -DCMAKE_INSTALL_PREFIX="$prefix" -DJANSSON_BUILD_DOCS=OFF \
    -DJANSSON_WITHOUT_TESTS=ON -DJANSSON_EXAMPLES=OFF -DJANSSON_BUILD_SHARED_LIBS=OFF >/dev/null
  cmake --build "$deps/jansson-build" -j"$(nproc)" >/dev/null
  cmake --install "$deps/jansson-build" >/dev/null
  mark "${pins[1]}"
fi
if ! built "${pins[2]}"; then
  src=$(fetch_source "${pins[2]}")
  # libcrypto only, and only what renkei uses needs to work (SHA-256, Ed25519, PEM); the
  # algorithms and subsystems it never touches are left out to save build time and size.
  (cd "$src" && make distclean >/dev/null 2>&1 || true
   CC=emcc AR=emar RANLIB=emranlib ./Configure linux-generic32 --prefix="$prefix" \
     --libdir=lib no-asm no-threads no-shared no-dso no-engine no-module no-afalgeng \
     no-ui-console no-sock no-tests no-legacy no-autoload-config no-async \
     no-aria no-bf no-blake2 no-camellia no-cast no-cmp no-cms no-comp no-ct no-des no-dsa \
     no-ec2m no-gost no-idea no-md4 no-mdc2 no-ocb no-ocsp no-rc2 no-rc4 no-rfc3779 no-rmd160 \
     no-scrypt no-seed no-siphash no-siv no-sm2 no-sm3 no-sm4 no-srp no-srtp no-ts \
     no-whirlpool no-ssl no-tls no-dtls \
     CFLAGS="$CFLAGS_DEPS" >/dev/null
   nice -n 10 make -j"$(nproc)" build_generated >/dev/null
   nice -n 10 make -j"$(nproc)" libcrypto.a >/dev/null
   cp libcrypto.a "$prefix/lib/"
   rm -rf "$prefix/include/openssl"; cp -r include/openssl "$prefix/include/")
  mark "${pins[2]}"
fi
cmake_dep() { # SRC BUILD_DIR cmake-options...: configure, build and install a CMake project
  local src=$1 b=$2
  shift 2
  rm -rf "$b"
  emcmake cmake -S "$src" -B "$b" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS_RELEASE="$CFLAGS_DEPS" \
    -DCMAKE_INSTALL_PREFIX="$prefix" -DBUILD_SHARED_LIBS=OFF "$@" >/dev/null
  nice -n 10 cmake --build "$b" -j"$(nproc)" >/dev/null
  cmake --install "$b" >/dev/null
}
if ! built "${pins[3]}"; then
  src=$(fetch_source "${pins[3]}")
  # The library's sources as they are (zconf.h.in is zconf.h before a configure touches it).
  rm -rf "$deps/zlib-build" && mkdir -p "$deps/zlib-build"
  [ -f "$src/zconf.h" ] || cp "$src/zconf.h.in" "$deps/zlib-build/zconf.h"
  for c in adler32 compress crc32 deflate gzclose gzlib gzread gzwrite infback inffast inflate \
           inftrees trees uncompr zutil; do
    emcc $CFLAGS_DEPS -DHAVE_UNISTD_H -DHAVE_STDARG_H -I"$deps/zlib-build" -I"$src" \
      -c "$src/$c.c" -o "$deps/zlib-build/$c.o"
  done
  emar rcs "$prefix/lib/libz.a" "$deps"/zlib-build/*.o
  cp "$src/zlib.h" "$prefix/include/"
  cp "$deps/zlib-build/zconf.h" "$prefix/include/" 2>/dev/null || cp "$src/zconf.h" "$prefix/include/"
  mark "${pins[3]}"
fi
if ! built "${pins[4]}"; then
  src=$(fetch_source "${pins[4]}")
  # ZIP archives as the inputs module reads them: deflate (zlib) only, no encryption.
  # Its configure's checks compile without linking (each emcc link costs seconds): what a
  # header declares and a type's size come out right that way; whether a function exists does
  # not (an undeclared call compiles), so those are answered for emscripten's musl libc here:
  # the Windows and BSD ones are absent (libzip then uses its own fallbacks), POSIX ones present.
  no_fn=(_CLOSE _DUP _FDOPEN _FILENO _SETMODE _SNPRINTF _STRDUP _STRICMP _STRTOI64 _STRTOUI64
         _UNLINK ARC4RANDOM CLONEFILE EXPLICIT_BZERO EXPLICIT_MEMSET GETPROGNAME SETMODE STRICMP
         FTS_OPEN)
  yes_fn=(FILENO FSEEKO FTELLO LOCALTIME_R SNPRINTF STRCASECMP STRDUP STRTOLL STRTOULL)
  answers=()
  for f in "${no_fn[@]}"; do answers+=("-DHAVE_$f=0"); done
  for f in "${yes_fn[@]}"; do answers+=("-DHAVE_$f=1"); done
  # Sizes CMake would learn by running a test program under emcmake's node flags, which node
  # 20 refuses: wasm32 emscripten has a 64-bit off_t and a 32-bit size_t.
  answers+=(-DHAVE_SIZEOF_OFF_T=TRUE -DSIZEOF_OFF_T=8 -DHAVE_SIZEOF_SIZE_T=TRUE -DSIZEOF_SIZE_T=4)
  cmake_dep "$src" "$deps/libzip-build" -DCMAKE_FIND_ROOT_PATH="$prefix" \
    -DCMAKE_TRY_COMPILE_TARGET_TYPE=STATIC_LIBRARY "${answers[@]}" \
    -DZLIB_LIBRARY="$prefix/lib/libz.a" -DZLIB_INCLUDE_DIR="$prefix/include" -DENABLE_BZIP2=OFF \
    -DENABLE_LZMA=OFF -DENABLE_ZSTD=OFF -DENABLE_OPENSSL=OFF -DENABLE_GNUTLS=OFF \
    -DENABLE_MBEDTLS=OFF -DENABLE_COMMONCRYPTO=OFF -DENABLE_WINDOWS_CRYPTO=OFF -DBUILD_TOOLS=OFF \
    -DBUILD_REGRESS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_DOC=OFF
  mark "${pins[4]}"
fi

# ---- librenkei and the page's module with emcc (the generators, src/tools, are built for
# this machine by the cross build itself) ------------------------------------------------------
stage "librenkei and renkei-web.js"
export PKG_CONFIG_LIBDIR=$prefix/lib/pkgconfig PKG_CONFIG_PATH=
emcmake cmake -S . -B "$out/lib" -DCMAKE_BUILD_TYPE=Release -DRENKEI_BUILD_TESTS=OFF \
  -DRENKEI_WERROR=ON \
  -DCMAKE_FIND_ROOT_PATH="$prefix" -DOPENSSL_INCLUDE_DIR="$prefix/include" \
  -DOPENSSL_CRYPTO_LIBRARY="$prefix/lib/libcrypto.a" -DCSV_INCLUDE_DIR="$prefix/include" \
  -DCSV_LIBRARY="$prefix/lib/libcsv.a" >/dev/null
nice -n 10 cmake --build "$out/lib" -j"$(nproc)" --target renkei_web >/dev/null
stage "done"
ls -l "$out/lib/web/renkei-web.js"
