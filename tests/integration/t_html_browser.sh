#!/bin/sh
# --html in a real browser (Debian's chromium, headless): the page as
# rendered holds a bar for every attempt of every test and a row for every
# run, the failing test's <script> output is text in a <pre> and never an
# element, and the screenshot shows the timeline's passed and failed
# colours.  Skipped (77) without chromium (scripts/install-deps has it).
. "$SRCDIR/tests/integration/lib.sh"

BROWSER=$(command -v chromium || command -v chromium-browser) || exit 77
command -v python3 >/dev/null ||
	fail "python3 is missing (scripts/install-deps)"
XT=$HELPERS/xt

: >"$T/list"
for i in 1 2 3 4 5 6 7 8 9; do
	echo "$XT sleep 0.0$i" >>"$T/list"
done
echo "$XT print '<script>document.title=\"pwned\"</script>'" >"$T/script.sh"
# Long enough that its two bars (failed, and the attempt run again) are
# far bigger on screen than the legend's swatches of the same colours.
echo "$XT sleep 0.1" >>"$T/script.sh"
echo "exit 1" >>"$T/script.sh"
echo "sh $T/script.sh" >>"$T/list"
xe -n 3 --reruns=1 --html="$T/report.html" -f "$T/list"
expect_rc 1

# The browser keeps its profile and caches under $T; it may complain on
# stderr about D-Bus and the sandbox (root), which says nothing here.
browser() {
	HOME=$T timeout 120 "$BROWSER" --headless --no-sandbox --disable-gpu \
		--hide-scrollbars --user-data-dir="$T/profile" \
		--window-size=1280,1000 "$@" 2>>"$T/browser.err"
}
browser --dump-dom "file://$T/report.html" >"$T/dom.html" ||
	fail "chromium failed: $(tail -3 "$T/browser.err")"
browser --screenshot="$T/shot.png" "file://$T/report.html" >/dev/null ||
	fail "chromium failed: $(tail -3 "$T/browser.err")"

cat >"$T/dom.py" <<'PY'
import sys
from html.parser import HTMLParser

class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.bars = self.rows = self.scripts = 0
        self.title = ""
        self.stack = []
        self.pre = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class") or ""
        if tag == "rect" and cls.startswith("bar t-"):
            self.bars += 1
        if tag == "tr" and cls.startswith("t-"):
            self.rows += 1
        if tag == "script":
            self.scripts += 1
        self.stack.append(tag)

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "pre":
            self.pre.append(data)
        if self.stack and self.stack[-1] == "title" and "head" in self.stack:
            self.title += data

p = Page()
p.feed(open(sys.argv[1], encoding="utf-8").read())
print("bars %d" % p.bars)
print("rows %d" % p.rows)
print("scripts %d" % p.scripts)
print("title %s" % p.title.strip())
print("pre has script %s" % any("<script>document.title" in t for t in p.pre))
PY
python3 "$T/dom.py" "$T/dom.html" >"$T/dom" || fail "cannot read the DOM"
for want in "bars 11" "rows 10" "scripts 1" "title xdist-exec report" \
	"pre has script True"; do
	grep -qxF "$want" "$T/dom" ||
		fail "rendered page: expected '$want', got: $(tr '\n' ' ' <"$T/dom")"
done

# The pixels: the bars' colours are on screen (passed #3a9d4a, failed
# #d9342b, the rerun attempt #f4a7a3), each over far more pixels than the
# legend's 13x13 swatch.  A small PNG reader: 8-bit RGB or
# RGBA, not interlaced, as chromium writes them.
cat >"$T/png.py" <<'PY'
import struct, sys, zlib

data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat = 8, b""
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype, _, _, inter = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
assert depth == 8 and ctype in (2, 6) and inter == 0, "unexpected PNG format"
bpp = 3 if ctype == 2 else 4
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
colours = {}
i = 0
for y in range(h):
    f = raw[i]
    line = bytearray(raw[i + 1:i + 1 + stride])
    i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1:
            line[x] = (line[x] + a) & 255
        elif f == 2:
            line[x] = (line[x] + b) & 255
        elif f == 3:
            line[x] = (line[x] + ((a + b) >> 1)) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            line[x] = (line[x] + pr) & 255
    for x in range(0, stride, bpp):
        rgb = bytes(line[x:x + 3])
        colours[rgb] = colours.get(rgb, 0) + 1
    prev = line
for name, rgb in (("passed", "3a9d4a"), ("failed", "d9342b"),
                  ("rerun", "f4a7a3")):
    print("%s %d" % (name, colours.get(bytes.fromhex(rgb), 0)))
PY
python3 "$T/png.py" "$T/shot.png" >"$T/pixels" || fail "cannot read the screenshot"
for c in passed failed rerun; do
	n=$(sed -n "s/^$c //p" "$T/pixels")
	[ "${n:-0}" -ge 1000 ] ||
		fail "the screenshot has no $c bar: $(tr '\n' ' ' <"$T/pixels")"
done
exit 0
