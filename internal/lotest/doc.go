// Package lotest holds end-to-end tests that drive LibreOffice as a user would: a template
// written by `nianbao template` is opened in LibreOffice Calc, typed into through the UNO API
// (what the input line does), recalculated and saved as xlsx, then read back by
// internal/xlsxreader and checked by internal/check and by the built `nianbao check`.
//
// The tests need soffice (Debian libreoffice-calc-nogui) and the Python UNO bridge (Debian
// python3-uno); they skip loudly when either is missing. The driver is testdata/typist.py.
package lotest
