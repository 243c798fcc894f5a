package document

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/nianbao/nianbao/internal/fonts"
)

// WriteOptions are what every writer is told. Each writer package has the one signature
//
//	func Write(w io.Writer, d *Document, o WriteOptions) error
//
// so that the registry of formats (app.Formats) holds the writers themselves.
type WriteOptions struct {
	// Fonts are the faces: embedded in a PDF, named in a Word document; ignored by the web page.
	Fonts *fonts.Set
	// Draft marks the output as a draft: the checks found errors.
	Draft bool
	// Created is the creation and modification date written into the output's properties.
	// When zero, Time uses SOURCE_DATE_EPOCH or now.
	Created time.Time
	// Context, when not nil, stops a long typesetting once done (a desk's time limit, Ctrl+C):
	// the PDF writer checks it before it breaks each paragraph into lines, and returns its
	// error.
	Context context.Context
}

// Time is the output's date: Created, or the time in SOURCE_DATE_EPOCH (seconds since 1970)
// if set, so that the same input gives the same bytes, or else now, to the second, in UTC.
func (o WriteOptions) Time() (time.Time, error) {
	if !o.Created.IsZero() {
		return o.Created.UTC(), nil
	}
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, &EpochError{Value: s, Err: err}
		}
		return time.Unix(sec, 0).UTC(), nil
	}
	return time.Now().UTC().Truncate(time.Second), nil
}

// EpochError is a SOURCE_DATE_EPOCH that is not a whole number of seconds: the output's date
// cannot be known, and today's would break the promise of the same bytes.
type EpochError struct {
	Value string
	Err   error
}

func (e *EpochError) Error() string { return fmt.Sprintf("SOURCE_DATE_EPOCH %q: %v", e.Value, e.Err) }

func (e *EpochError) Unwrap() error { return e.Err }
