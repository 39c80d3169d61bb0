//go:build !linux

package cli

import "errors"

// fileBindCap: file capabilities are Linux's; elsewhere check cannot tell.
func fileBindCap(path string) (bool, error) { return false, errors.ErrUnsupported }
