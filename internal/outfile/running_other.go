//go:build !unix

package outfile

// running cannot tell here; temporary files are then removed by age alone.
func running(int) bool { return true }
