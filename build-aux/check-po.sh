#!/bin/sh
# check-po.sh LANG SRCDIR — the catalogue po/LANG.po is valid, complete and current:
#  msgfmt --check (formats, headers, plural forms) passes; no fuzzy and no untranslated
#  message; and no message of today's sources is missing from it (the sources' messages
#  extracted afresh, as `ninja ml-lab-pot` does, and merged into a copy of the catalogue).
set -eu
lang=$1
src=$2
po="$src/po/$lang.po"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

msgfmt --check --statistics -o /dev/null "$po" 2> "$tmp/stats"
cat "$tmp/stats"
if grep -Eq 'fuzzy|untranslated' "$tmp/stats"; then
  echo "$po: fuzzy or untranslated messages (msgattrib --only-fuzzy / --untranslated lists them)" >&2
  exit 1
fi

(cd "$src" && GETTEXTDATADIRS="$src/po" xgettext --from-code=UTF-8 --add-comments \
   --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
   --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
   --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
   --flag=g_strdup_printf:1:c-format --flag=g_set_error:4:c-format \
   -f po/POTFILES.in -o "$tmp/current.pot")
msgmerge --quiet --no-fuzzy-matching -o "$tmp/merged.po" "$po" "$tmp/current.pot"
missing=$(msgattrib --untranslated --no-obsolete "$tmp/merged.po" | grep -c '^msgid ' || true)
# the header's empty msgid counts once
if [ "$missing" -gt 1 ]; then
  echo "$po: $((missing - 1)) messages of the current sources are not translated:" >&2
  msgattrib --untranslated --no-obsolete "$tmp/merged.po" | grep -A1 '^msgid ' | head -40 >&2
  exit 1
fi
echo "$po: complete for the current sources"
