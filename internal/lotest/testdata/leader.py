"""Mark up a Word document in LibreOffice Writer through UNO as a leader does for sign-off
(审签): with track changes on, replace text in the paragraphs and put new text into table
cells, then save as .docx with the changes still pending. Used by the Go tests of package
lotest.

Usage: python3 leader.py SOFFICE IN.docx OUT.docx EDITS.json

EDITS.json: {"replace": [[OLD, NEW], ...],          # each OLD found once in the document
             "cells": [[TABLE, CELL, TEXT], ...]}   # TABLE counted from 0, CELL as Writer
                                                    # names it (B4)
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from typist import office, prop, url  # noqa: E402


def mark_up(desktop, src, dst, edits):
    doc = desktop.loadComponentFromURL(url(src), "_blank", 0, (prop("Hidden", True),))
    try:
        doc.RecordChanges = True
        for old, new in edits.get("replace", []):
            search = doc.createReplaceDescriptor()
            search.SearchString, search.ReplaceString = old, new
            n = doc.replaceAll(search)
            if n != 1:
                raise RuntimeError("%d occurrences of %r" % (n, old))
        for table, name, text in edits.get("cells", []):
            cell = doc.TextTables.getByIndex(table).getCellByName(name)
            if cell is None:
                raise RuntimeError("no cell %s in table %d" % (name, table))
            cursor = cell.createTextCursor()
            cursor.gotoStart(False)
            cursor.gotoEnd(True)
            cursor.setString(text)
        doc.storeToURL(url(dst), (prop("FilterName", "MS Word 2007 XML"),))
    finally:
        doc.close(True)


def main():
    soffice, src, dst, edits_path = sys.argv[1:5]
    with open(edits_path, encoding="utf-8") as f:
        edits = json.load(f)
    with office(soffice) as (_, desktop):
        mark_up(desktop, src, dst, edits)


if __name__ == "__main__":
    main()
