// Package app holds nianbao's use cases as plain Go, under every front end (the command line,
// a later web desk): inspect a workbook, check a set of them and annotate copies, list a
// folder's status against an agency list, render a report through the writer registry, and
// roll bureaus' reports up into one. Each takes a context.Context and options, returns
// values and writes nothing to a terminal; errors are typed and described by package message.
//
// The house reads cmd → app → (readers, checks, writers) → template: app is the only layer
// that knows all of them.
package app
