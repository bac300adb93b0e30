#!/usr/bin/env bash
# install_test.sh BUILD_DIR SOURCE_DIR SANITIZED
# Issue 15, "Installable": the tool installed under a scratch prefix (cmake --install) and
# unpacked from its Debian package (cpack -G DEB, then dpkg-deb -x into a scratch root: no
# root rights or container needed) scans a test image from an unrelated folder with
# SHELLCARVE_RULES unset, and uses the rules installed beside it. The package declares the
# Debian libraries it links. (The sanitizer build skips the package: its binary needs the
# sanitizer runtimes, which no user installs.)
set -euo pipefail
build=$1
source=$2
sanitized=$3
scratch=$(mktemp -d /tmp/shellcarve-install-test.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
unset SHELLCARVE_RULES

gzip -dc "$source/test-images/paths.raw.gz" > "$scratch/paths.raw"

# scan_with BIN RULES_DIR: a scan from an unrelated folder must succeed with the given rules.
scan_with() {
  local bin=$1 rules=$2 out=$scratch/case-$RANDOM
  # Exit status 1: findings (a negative verdict); 2 would be an error.
  local rc=0
  (cd "$scratch" && "$bin" scan "$scratch/paths.raw" --out "$out" --no-hash --no-carve >"$out.log" 2>&1) || rc=$?
  [ $rc -le 1 ] || { cat "$out.log" >&2; fail "$bin scan failed (exit status $rc)"; }
  [ -f "$out/findings.json" ] || fail "$bin wrote no findings.json"
  grep -q "\"$rules/china_chopper.yar\"" "$out/manifest.json" \
    || fail "$bin did not use the rules in $rules: $(grep -o '"[^"]*china_chopper.yar"' "$out/manifest.json")"
  grep -q 'shell.aspx' "$out/findings.json" \
    || fail "$bin did not flag paths.raw's shell.aspx"
}

# 1. cmake --install under a prefix.
cmake --install "$build" --prefix "$scratch/prefix" >"$scratch/install.log" \
  || { cat "$scratch/install.log" >&2; fail "cmake --install failed"; }
for f in bin/shellcarve share/shellcarve/rules/china_chopper.yar share/shellcarve/rules/exchange-baselines.bin \
         share/man/man1/shellcarve.1; do
  [ -e "$scratch/prefix/$f" ] || fail "cmake --install did not install $f"
done
grep -q '^\.SS scan$' "$scratch/prefix/share/man/man1/shellcarve.1" || fail "the man page has no scan section"
scan_with "$scratch/prefix/bin/shellcarve" "$scratch/prefix/share/shellcarve/rules"
echo "prefix install: ok"

[ "$sanitized" = 1 ] || [ "$sanitized" = ON ] && { echo "sanitizer build: package not checked"; exit 0; }

# 2. The Debian package.
(cd "$build" && cpack -G DEB -B "$scratch/deb" >"$scratch/cpack.log" 2>&1) \
  || { cat "$scratch/cpack.log" >&2; fail "cpack -G DEB failed"; }
deb=$(ls "$scratch"/deb/shellcarve_*_*.deb)
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libtsk19 libewf2 libyara9 libssl3 libboost-program-options libfmt9 libpugixml1v5 zlib1g; do
  case $depends in *"$lib"*) ;; *) fail "package Depends lacks $lib: $depends" ;; esac
done
dpkg-deb -x "$deb" "$scratch/root"
scan_with "$scratch/root/usr/bin/shellcarve" "$scratch/root/usr/share/shellcarve/rules"
echo "debian package: ok ($(basename "$deb"); Depends: $depends)"
