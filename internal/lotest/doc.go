// Package lotest holds end-to-end tests that drive LibreOffice as a user would: a template
// written by `nianbao template` is opened in LibreOffice Calc, typed into through the UNO API
// (what the input line does), recalculated and saved as xlsx, then read back by
// internal/xlsxreader and checked by internal/check and by the built `nianbao check`; and the
// Word document `nianbao render --format docx` writes is marked up in LibreOffice Writer with
// track changes on, as a leader signs it off, and checked back with `nianbao check --against`.
//
// The tests need soffice (Debian libreoffice-calc-nogui and libreoffice-writer-nogui) and the
// Python UNO bridge (Debian python3-uno); they skip loudly when either is missing. The drivers
// are testdata/typist.py and testdata/leader.py.
package lotest
