package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"keepwarm/config"
	"os"
	"path/filepath"
)

// cmdInit writes the commented example config as DIR/keepwarm.toml. It never
// overwrites: a config that exists may hold a team's real settings.
func cmdInit(ctx context.Context, m *Main, args []string) error {
	dir := "."
	switch len(args) {
	case 0:
	case 1:
		dir = args[0]
	default:
		return usageError{"init takes at most one directory"}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("init: %w", err)
	}
	path := filepath.Join(dir, "keepwarm.toml")
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("init: %s already exists: edit it, or remove it first", path)
	}
	if err != nil {
		return fmt.Errorf("init: %w", err)
	}
	if _, err := f.WriteString(config.Example); err != nil {
		f.Close()
		return fmt.Errorf("init: write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("init: write %s: %w", path, err)
	}
	fmt.Fprintf(m.Stdout, "wrote %s\nnext: edit it (team domains, salespeople, mailboxes), export the password variables it names, then run\n  keepwarm --config %s check\n  keepwarm --config %s sync\n", path, path, path)
	return nil
}
