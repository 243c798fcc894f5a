#!/bin/sh
# Rebuild the embedded font files in this directory. Documentation and reproducibility only:
# CI does not run it. Needs network access to the npm registry and the Debian packages
# fonttools (pyftsubset), unicode-data (Unihan) and fonts-droid-fallback:
#   apt-get install fonttools unicode-data fonts-droid-fallback
# Produced with fonttools 4.38.0 (Debian 12), @expo-google-fonts/noto-serif-sc 0.4.3,
# @expo-google-fonts/noto-sans-sc 0.4.3, fonts-droid-fallback 1:6.0.1r16-1.1.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# Static TrueType (glyf) instances of Noto Serif SC and Noto Sans SC, SIL OFL 1.1.
npm pack @expo-google-fonts/noto-serif-sc@0.4.3 @expo-google-fonts/noto-sans-sc@0.4.3
mkdir serif sans
tar xzf expo-google-fonts-noto-serif-sc-0.4.3.tgz -C serif
tar xzf expo-google-fonts-noto-sans-sc-0.4.3.tgz -C sans

# GB2312 + the BMP part of 通用规范汉字表 + punctuation, symbols, ASCII, Latin-1.
/usr/bin/python3 "$here/charset.py" /usr/share/unicode/Unihan_OtherMappings.txt.bz2 >charset.txt

# Outlines and metrics only: no hinting, no layout tables (the PDF library uses neither),
# CFF-free glyf outlines kept as they are.
cut() { # cut SOURCE UNICODES-FILE OUTPUT
    pyftsubset "$1" --unicodes-file="$2" --output-file="$3" \
        --no-hinting --desubroutinize --layout-features='' \
        --drop-tables+=GSUB,GPOS,GDEF,STAT,vhea,vmtx,DSIG --name-IDs='*' --notdef-outline
}
cut serif/package/400Regular/NotoSerifSC_400Regular.ttf charset.txt "$here/NotoSerifSC-Regular.ttf"
cut serif/package/700Bold/NotoSerifSC_700Bold.ttf charset.txt "$here/NotoSerifSC-Bold.ttf"
cut sans/package/700Bold/NotoSansSC_700Bold.ttf charset.txt "$here/NotoSansSC-Bold.ttf"

# Droid Sans Fallback (Apache-2.0) cut to the BMP characters the Noto faces above lack:
# rare Hanzi in names (CJK extension A, the rest of the URO), kana, Hangul, more symbols.
/usr/bin/python3 - "$here/NotoSerifSC-Regular.ttf" >droid-rest.txt <<'PY'
import sys
from fontTools.ttLib import TTFont
have = set(TTFont(sys.argv[1]).getBestCmap())
droid = TTFont("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf").getBestCmap()
for cp in sorted(droid):
    if cp <= 0xFFFF and cp not in have:
        print("U+%04X" % cp)
PY
cut /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf droid-rest.txt "$here/DroidSansFallback-Rest.ttf"

# A font of three characters for the tests' fuzzing seed.
pyftsubset "$here/NotoSerifSC-Regular.ttf" --text="汉字0" --output-file="$here/../testdata/tiny.ttf" \
    --no-hinting --desubroutinize --layout-features='' \
    --drop-tables+=GSUB,GPOS,GDEF,STAT,vhea,vmtx,DSIG --name-IDs='*' --notdef-outline

# Licence texts, shipped beside the fonts and under LICENSES/fonts/ at the repository root.
cp serif/package/LICENSE_FONT "$here/OFL-NotoSerifSC.txt"
cp sans/package/LICENSE_FONT "$here/OFL-NotoSansSC.txt"
{ cat /usr/share/doc/fonts-droid-fallback/copyright; echo; cat /usr/share/common-licenses/Apache-2.0; } \
    >"$here/Apache-2.0-DroidSansFallback.txt"
mkdir -p "$here/../../../LICENSES/fonts"
cp "$here"/OFL-*.txt "$here/Apache-2.0-DroidSansFallback.txt" "$here/../../../LICENSES/fonts/"
ls -l "$here"
