"""Drive LibreOffice Calc through UNO as a bureau would: open workbooks, type into cells,
recalculate, save as xlsx. Used by the Go tests of package lotest.

Usage: python3 typist.py SOFFICE JOBS.json RESULT.json

JOBS.json is a list of jobs, all done in one LibreOffice session:

  {"open": IN, "save": OUT,
   "type":  [[DEFINED_NAME, TEXT], ...],   # what a user types: setFormula, as the input line does
   "paste": [[DEFINED_NAME, TEXT], ...],   # text pasted as text (prose with line breaks)
   "paragraphs": [{"name": DEFINED_NAME, "texts": [TEXT, ...]}, ...],
                                           # a prose field entered paragraph by paragraph
                                           # into its cells
   "ui":    [[DEFINED_NAME, TEXT], ...],   # typed through the UI dispatcher, as the keyboard
                                           # does (input cells only: LibreOffice 7.4 headless
                                           # dies showing the error box of a refused entry; it
                                           # may also abort on a timer afterwards, so a job
                                           # with "ui" is the session's last, unsaved)
   "attempt": [[REF, TEXT], ...],          # Delete, then paste TEXT: the API paths that honour
                                           # sheet protection (setFormula does not)
   "probe": [DEFINED_NAME or SHEET!A1, ...],  # report lock state and content after typing
   "pdf": OUT.pdf,                         # then printed to PDF
   "fits": [DEFINED_NAME, ...]}            # whether each row of these prose fields shows
                                           # all its text (LibreOffice's optimal height)
  {"copy_from": IN, "save": OUT, "sheets": [SHEET, ...]}
      # a new workbook of the user's own: the label and value area of each sheet (down to
      # the last named cell on it) pasted as values, one below the other, in one sheet

RESULT.json gets, per job, the probes: {"locked": bool, "protected": bool, "string": s,
"value": n, "formula": f} by probe; "before"/"after" contents for "ui" and "attempt"
entries, and for attempts "refused": whether LibreOffice rejected the paste.
"""

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.sheet.CellFlags import FORMULA, STRING, VALUE
from com.sun.star.lang import DisposedException
from com.sun.star.uno import RuntimeException


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def url(path):
    return uno.systemPathToFileUrl(os.path.abspath(path))


def start(soffice, profile):
    """Start a private LibreOffice with its own profile, listening on a pipe, and connect."""
    pipe = "nb" + uuid.uuid4().hex
    proc = subprocess.Popen([soffice, "-env:UserInstallation=" + url(profile),
                             "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
                             "--accept=pipe,name=%s;urp;" % pipe],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + 60
    while True:
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except NoConnectException:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                raise RuntimeError("LibreOffice did not start (exit %s)" % proc.poll())
            time.sleep(0.2)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    return proc, ctx, desktop


@contextlib.contextmanager
def office(soffice):
    """A private LibreOffice for the block: yields (ctx, desktop), then ends the office and
    removes its profile, whatever the block did."""
    profile = tempfile.mkdtemp(prefix="nb-lo-profile-")
    try:
        proc, ctx, desktop = start(soffice, profile)
        try:
            yield ctx, desktop
        finally:
            try:
                desktop.terminate()
            except Exception:
                pass  # the bridge goes down with the office
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def cell_of(doc, ref):
    """The cell of a defined name (the first cell of a range: a prose field's first
    paragraph), or of SHEET!A1."""
    if doc.NamedRanges.hasByName(ref):
        r = doc.NamedRanges.getByName(ref).getReferredCells().getRangeAddress()
        sheet = doc.Sheets.getByIndex(r.Sheet)
        cell = sheet.getCellByPosition(r.StartColumn, r.StartRow)
    else:
        name, a1 = ref.rsplit("!", 1)
        sheet = doc.Sheets.getByName(name)
        cell = sheet.getCellRangeByName(a1)
    return sheet, cell, cell.getCellAddress()


def paragraph_cells(doc, ref):
    """The paragraph cells of a prose field's defined name, top to bottom."""
    r = doc.NamedRanges.getByName(ref).getReferredCells().getRangeAddress()
    sheet = doc.Sheets.getByIndex(r.Sheet)
    return [sheet.getCellByPosition(r.StartColumn, row) for row in range(r.StartRow, r.EndRow + 1)]


def content(cell):
    return {"string": cell.getString(), "value": cell.getValue(), "formula": cell.getFormula()}


def ui_type(ctx, doc, ref, text):
    """Select the cell and enter text the way the input line does, through the dispatcher:
    this path honours sheet protection, unlike the API's setFormula."""
    sheet, cell, _ = cell_of(doc, ref)
    controller = doc.getCurrentController()
    controller.setActiveSheet(sheet)
    controller.select(cell)
    dispatcher = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    dispatcher.executeDispatch(controller.getFrame(), ".uno:EnterString", "", 0, (prop("StringName", text),))


def attempt(doc, ref, text):
    """Press Delete and paste text into a cell through the API paths that check protection,
    as the UI does: clearContents and setDataArray. Reports whether the paste was refused."""
    sheet, cell, addr = cell_of(doc, ref)
    cell.clearContents(VALUE | STRING | FORMULA)
    try:
        sheet.getCellRangeByPosition(addr.Column, addr.Row, addr.Column, addr.Row).setDataArray(((text,),))
    except RuntimeException:
        return True
    return False


def save(doc, path):
    doc.calculateAll()
    doc.storeToURL(url(path), (prop("FilterName", "Calc MS Excel 2007 XML"), prop("Overwrite", True)))


def fill(ctx, desktop, job):
    doc = desktop.loadComponentFromURL(url(job["open"]), "_blank", 0, (prop("Hidden", True),))
    try:
        result = {"ui": {}, "attempt": {}, "probe": {}}
        for ref, text in job.get("type", []):
            cell_of(doc, ref)[1].setFormula(text)
        for ref, text in job.get("paste", []):
            cell_of(doc, ref)[1].setString(text)
        for entry in job.get("paragraphs", []):
            ref, paras = entry["name"], entry["texts"]
            cells = paragraph_cells(doc, ref)
            if len(paras) > len(cells):
                raise RuntimeError("%s: %d paragraphs for %d cells" % (ref, len(paras), len(cells)))
            for cell, text in zip(cells, paras):
                # setString, as a paste of plain text does: the dispatcher's EnterString took
                # LibreOffice 7.4 headless down on some paragraphs (with 《》 in them).
                cell.setString(text)
        for ref, text in job.get("ui", []):
            before = content(cell_of(doc, ref)[1])
            ui_type(ctx, doc, ref, text)
            result["ui"][ref] = {"before": before, "after": content(cell_of(doc, ref)[1])}
        for ref, text in job.get("attempt", []):
            before = content(cell_of(doc, ref)[1])
            refused = attempt(doc, ref, text)
            result["attempt"][ref] = {"before": before, "after": content(cell_of(doc, ref)[1]), "refused": refused}
        for ref in job.get("probe", []):
            sheet, cell, _ = cell_of(doc, ref)
            result["probe"][ref] = dict(content(cell), locked=cell.CellProtection.IsLocked,
                                        protected=sheet.isProtected())
        if job.get("save"):
            save(doc, job["save"])
        if job.get("pdf"):
            # Printed as File → Export as PDF does, with the sheets' print settings.
            doc.storeToURL(url(job["pdf"]), (prop("FilterName", "calc_pdf_Export"),))
        result["fits"] = {}
        for ref in job.get("fits", []):
            # Whether each row of a prose field is as tall as its text needs: LibreOffice's
            # optimal height of the row, compared with the height it has (after saving, as
            # this changes the rows).
            fits = []
            for cell in paragraph_cells(doc, ref):
                row = cell.getSpreadsheet().getRows().getByIndex(cell.getCellAddress().Row)
                height = row.Height
                row.OptimalHeight = True
                fits.append(height >= row.Height)
            result["fits"][ref] = fits
        return result
    finally:
        try:
            doc.close(True)
        except (DisposedException, RuntimeException):
            # LibreOffice 7.4 headless aborts on a timer some time after a dispatcher entry
            # ("ui"); such a job comes last, and what it typed was read before closing.
            if not job.get("ui"):
                raise


def table_area(doc, sheet_name):
    """The rows and columns of a sheet down to its last named cell: the table's labels and
    values, without the checks below it."""
    index = [doc.Sheets.getByIndex(i).Name for i in range(doc.Sheets.Count)].index(sheet_name)
    last_row = last_col = 0
    for name in doc.NamedRanges.ElementNames:
        cells = doc.NamedRanges.getByName(name).getReferredCells()
        if cells is None:
            continue
        a = cells.getRangeAddress()
        if a.Sheet == index:
            last_row, last_col = max(last_row, a.EndRow), max(last_col, a.EndColumn)
    return doc.Sheets.getByIndex(index), last_row, last_col


def copy_tables(desktop, job):
    src = desktop.loadComponentFromURL(url(job["copy_from"]), "_blank", 0, (prop("Hidden", True),))
    dst = desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, (prop("Hidden", True),))
    try:
        target = dst.Sheets.getByIndex(0)
        row = 0
        for name in job["sheets"]:
            sheet, last_row, last_col = table_area(src, name)
            data = sheet.getCellRangeByPosition(0, 0, last_col, last_row).getDataArray()
            target.getCellRangeByPosition(0, row, last_col, row + last_row).setDataArray(data)
            row += last_row + 3
        save(dst, job["save"])
        return {}
    finally:
        src.close(True)
        dst.close(True)


def main():
    soffice, jobs_path, result_path = sys.argv[1:4]
    with open(jobs_path, encoding="utf-8") as f:
        jobs = json.load(f)
    results = []
    with office(soffice) as (ctx, desktop):
        for job in jobs:
            results.append(copy_tables(desktop, job) if "copy_from" in job else fill(ctx, desktop, job))
    with open(result_path, "w", encoding="utf-8") as f:
        json.dump(results, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
