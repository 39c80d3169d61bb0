package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"keepwarm/config"
	"os"
	"path/filepath"
)

// initCmd writes the commented example config as DIR/keepwarm.toml. It never
// overwrites: a config that exists may hold a team's real settings.
type initCmd struct {
	Dir string `arg:"" name:"dir" optional:"" default:"." help:"the directory to write keepwarm.toml into"`
}

func (opt *initCmd) Run(m *Main) error {
	dir := opt.Dir
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
