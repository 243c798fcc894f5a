#!/usr/bin/python3
"""Print the code points (one U+XXXX per line) that the embedded faces are cut to.

GB2312 (every valid two-byte code), the BMP characters of 通用规范汉字表 (Unicode's kTGH
property, from Debian's unicode-data package), and the punctuation, symbols and Latin ranges
a government report uses. Non-BMP characters are left out: the PDF library reads only
cmap format 4.
"""
import bz2
import sys

points = set()

# GB2312: rows 0xA1-0xF7, cells 0xA1-0xFE; the codec rejects the unassigned ones.
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            ch = bytes([hi, lo]).decode("gb2312")
        except UnicodeDecodeError:
            continue
        points.add(ord(ch))

# 通用规范汉字表 (2013), 8105 characters: Unihan kTGH.
unihan = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode/Unihan_OtherMappings.txt.bz2"
with bz2.open(unihan, "rt", encoding="utf-8") as f:
    for line in f:
        fields = line.split("\t")
        if len(fields) >= 2 and fields[1] == "kTGH":
            cp = int(fields[0][2:], 16)
            if cp <= 0xFFFF:
                points.add(cp)

ranges = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement
    (0x2010, 0x205E),  # general punctuation: — … “ ” ‘ ’ ‰ ※
    (0x2100, 0x214F),  # letterlike symbols: ℃ № ℉
    (0x2150, 0x218F),  # number forms: Ⅰ Ⅱ Ⅲ
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators: ≤ ≥ ≠
    (0x2460, 0x24FF),  # enclosed alphanumerics: ①-⑳ ⑴ ⒈
    (0x2500, 0x257F),  # box drawing
    (0x25A0, 0x25FF),  # geometric shapes: ● ○ ■ □ ▲ ◆
    (0x2600, 0x26FF),  # miscellaneous symbols: ★ ☆
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、。〈〉《》「」『』【】〔〕〖〗〜
    (0x3200, 0x32FF),  # enclosed CJK: ㈠ ㈡
    (0x3300, 0x33FF),  # CJK compatibility: ㎡ ㎏
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF01, 0xFF5E),  # full-width ASCII forms: ，！％（）：；？～
    (0xFF5F, 0xFFEF),  # half-width and full-width forms: ￥ ￡
]
for lo, hi in ranges:
    points.update(range(lo, hi + 1))
points.update([0x00B7, 0x00D7, 0x00F7, 0x02C7, 0x02C9, 0x2116, 0x2030, 0x2103, 0x3001, 0x3002])

for cp in sorted(points):
    print("U+%04X" % cp)
