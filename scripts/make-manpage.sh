#!/usr/bin/env bash
# make-manpage.sh BINARY OUT
# Writes shellcarve(1) in roff from the program's own help texts (`--help`, then
# `COMMAND --help` for each command it lists), so the page cannot drift from the options.
# Deterministic: no date unless SOURCE_DATE_EPOCH is set (the reproducible-builds convention).
set -euo pipefail
bin=$1
out=$2
version=$("$bin" --version | sed -n '1s/^shellcarve //p')
date=""
[ -z "${SOURCE_DATE_EPOCH:-}" ] || date=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)
# roff: a leading . or ' would be a request, and \ is the escape character.
escape() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }
tmp=$(mktemp "$out.XXXXXX")
trap 'rm -f "$tmp"' EXIT
{
  printf '.TH SHELLCARVE 1 "%s" "shellcarve %s" "User Commands"\n' "$date" "$version"
  printf '.SH NAME\nshellcarve \\- offline NTFS disk-image forensics for IIS and Exchange webshells\n'
  printf '.SH SYNOPSIS\n.B shellcarve\n.I COMMAND\n[\\fIOPTIONS\\fR] \\fIIMAGE\\fR\n'
  printf '.SH DESCRIPTION\nshellcarve opens a disk image (raw, split raw or E01) read-only, parses NTFS down to\n'
  printf 'the $MFT, rebuilds the timeline of the web roots and flags webshells, telling which were\n'
  printf 'planted after the server was patched. It never writes to the image.\n'
  printf '.SH COMMANDS\n.nf\n'
  "$bin" --help | escape
  printf '.fi\n'
  for cmd in $("$bin" --help | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p'); do
    printf '.SS %s\n.nf\n' "$cmd"
    "$bin" "$cmd" --help | escape
    printf '.fi\n'
  done
  printf '.SH ENVIRONMENT\n.TP\n.B SHELLCARVE_RULES\n'
  printf 'a folder of rules to use instead of the installed ones (share/shellcarve/rules)\n'
  printf '.SH SEE ALSO\n.BR fls (1),\n.BR mactime (1),\n.BR yara (1)\n'
} > "$tmp"
chmod 644 "$tmp"
mv "$tmp" "$out"
trap - EXIT
