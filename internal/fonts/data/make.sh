#!/bin/sh
# Rebuild the embedded font files in this directory. Documentation and reproducibility only:
# CI does not run it. Needs network access to the npm registry and the Debian packages
# fonttools (pyftsubset), unicode-data (Unihan) and fonts-droid-fallback, and the Debian
# archive for fonts-lxgw-wenkai (downloaded, not installed):
#   apt-get install fonttools unicode-data fonts-droid-fallback
# Produced with fonttools 4.38.0 (Debian 12), @expo-google-fonts/noto-serif-sc 0.4.3,
# @expo-google-fonts/noto-sans-sc 0.4.3, fonts-droid-fallback 1:6.0.1r16-1.1,
# fonts-lxgw-wenkai 1.250+repack-1 and lxgw-wenkai-webfont 1.7.0 (the same 1.250, for OFL.txt).
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

# LXGW WenKai (a 楷 face, SIL OFL 1.1) for the （一） headings. Those headings are fixed text
# of the template, so the cut is smaller than the others: the GB2312 symbol rows, its 3,755
# level-1 Hanzi and ASCII (fonts_test checks every heading of every edition is covered).
# The Debian package notes the Reserved Font Names 霞鹜 and LXGW, so the cut is renamed.
apt-get download fonts-lxgw-wenkai=1.250+repack-1
dpkg-deb -x fonts-lxgw-wenkai_1.250+repack-1_all.deb lxgw
/usr/bin/python3 - >kai.txt <<'PY'
points = set(range(0x20, 0x7F))
for hi in list(range(0xA1, 0xAA)) + list(range(0xB0, 0xD8)):
    for lo in range(0xA1, 0xFF):
        try:
            points.add(ord(bytes([hi, lo]).decode("gb2312")))
        except UnicodeDecodeError:
            pass
for cp in sorted(points):
    print("U+%04X" % cp)
PY
cut lxgw/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf kai.txt kai.ttf
/usr/bin/python3 - kai.ttf "$here/NianbaoKai-Regular.ttf" <<'PY'
import sys
from fontTools.ttLib import TTFont
f = TTFont(sys.argv[1])
name = f["name"]
for rec in list(name.names):
    if rec.nameID in (1, 3, 4, 6, 16, 17, 18, 21, 22):
        name.removeNames(nameID=rec.nameID)
for nid, s in ((1, "Nianbao Kai"), (2, "Regular"), (3, "Nianbao Kai Regular 1.250"), (4, "Nianbao Kai Regular"), (6, "NianbaoKai-Regular")):
    name.setName(s, nid, 3, 1, 0x409)
    name.setName(s, nid, 1, 0, 0)
name.setName("Cut from LXGW WenKai 1.250 (SIL OFL 1.1) for nianbao: GB2312 symbols and level-1 Hanzi, ASCII.", 10, 3, 1, 0x409)
f.save(sys.argv[2])
PY
npm pack lxgw-wenkai-webfont@1.7.0
mkdir kaiweb
tar xzf lxgw-wenkai-webfont-1.7.0.tgz -C kaiweb
{
    printf 'Nianbao Kai (NianbaoKai-Regular.ttf) is LXGW WenKai Regular 1.250 cut to the GB2312 symbols,\nthe level-1 Hanzi of GB2312 and ASCII, and renamed: the Debian package notes the Reserved Font\nNames "霞鹜" and "LXGW", which a modified version may not use.\n\nCopyright 2021-2023 LXGW (https://github.com/lxgw/LxgwWenKai)\nCopyright 2020 The Klee Project Authors (https://github.com/fontworks-fonts/Klee)\n\n'
    cat kaiweb/package/OFL.txt
} >"$here/OFL-LXGWWenKai.txt"

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
