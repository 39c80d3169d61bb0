package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"

	"keepwarm"
)

// The console's editors say before anything is typed when a save cannot
// work (no directory configured, or one keepwarm may not write to), and
// a save refused for such a reason comes back as the form with what was
// typed.

// noDir is the refusal of a save with no directory for what ("sequences",
// "templates", "letters").
func noDir(what string) string {
	switch what {
	case "templates":
		return "no directory for the team's templates: set [sequences] templates_dir"
	case "letters":
		return "no directory for the monthly letters: set [greetings] letters_dir"
	}
	return "no directory for the team's sequences: set [sequences] dir"
}

// CannotSave says why the console cannot save what ("sequences",
// "templates", "letters") here; "" when it can. It does not write.
func (b *WebBackend) CannotSave(what string) string {
	dir := b.d.SequencesDir
	switch what {
	case "templates":
		dir = b.d.TemplatesDir
	case "letters":
		dir = b.d.LettersDir
	}
	if dir == "" {
		return noDir(what)
	}
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("the directory %s does not exist: create it, writable by keepwarm", dir)
	case err != nil:
		return fmt.Sprintf("keepwarm cannot read the directory %s: %v", dir, errors.Unwrap(err))
	case !fi.IsDir():
		return fmt.Sprintf("%s is not a directory", dir)
	}
	const writable = 0x2 // W_OK
	if err := syscall.Access(dir, writable); err != nil {
		return fmt.Sprintf("keepwarm may not write to the directory %s: let the user it runs as write there", dir)
	}
	return ""
}

// writeFailed is a save's failed write, as the manager can act on it.
func writeFailed(path string, err error) error {
	return keepwarm.Errorf(keepwarm.EINVALID, "the file %s could not be written (%v): nothing was saved", path, errors.Unwrap(err))
}
