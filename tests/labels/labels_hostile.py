"""Text that has broken label printers: markup, huge names, scripts the font lacks, controls."""

HOSTILE = {
    "markup": "<b>Bold</b> & <i>sons</i> &amp; <font size=99>x</font> <!-- -->",
    "long": "Bartholomew-Alexandrina " * 21,
    "one_word": "W" * 500,
    "rtl_hebrew": "שלום עליכם",
    "rtl_arabic": "مرحبا بالعالم",
    "cjk": "王小明 東京都渋谷区 서울",
    "emoji": "📦🚚 Parcel 👍🏽 👨‍👩‍👧",
    "controls": "Line\none\ttab\x00nul\x1b[31mred\x7f\u200b\u202eevil",
    "surrogate": "broken \ud800 half",
    "zpl": "^XA^FDhack^FS~JR_5E>;>5",
    "combining": "Zoe\u0308 Rene\u0301e Ελληνικά Кириллица",
    "empty": "",
    "spaces": "   \t  ",
}
