package cli

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// versionCmd prints what --version prints.
type versionCmd struct{}

func (versionCmd) Run(m *Main) error {
	fmt.Fprintln(m.Stdout, versionString())
	return nil
}

// versionString is the module version and the VCS revision the binary was
// built from, as far as the build recorded them.
func versionString() string {
	bi, ok := debug.ReadBuildInfo()
	return formatVersion(bi, ok)
}

// runVersion is the version `keepwarm run` logs at start: "" when the
// build recorded neither a module version nor a VCS revision (a test
// binary, a build with -buildvcs=false), since there is nothing to say.
func runVersion() string {
	return startVersion(debug.ReadBuildInfo())
}

func startVersion(bi *debug.BuildInfo, ok bool) string {
	if !ok || bi == nil {
		return ""
	}
	known := bi.Main.Version != "" && bi.Main.Version != "(devel)"
	for _, s := range bi.Settings {
		known = known || s.Key == "vcs.revision" && s.Value != ""
	}
	if !known {
		return ""
	}
	return strings.TrimPrefix(formatVersion(bi, ok), "keepwarm ")
}

// formatVersion reads a build's info: "keepwarm v1.2.0 (revision 1a2b3c4d5e6f,
// modified)". Builds with -buildvcs=false (or outside a repository) record no
// revision, and `go build` in a checkout records the version "(devel)": both
// are said plainly rather than left blank.
func formatVersion(bi *debug.BuildInfo, ok bool) string {
	if !ok || bi == nil {
		return "keepwarm (no build information)"
	}
	version := bi.Main.Version
	if version == "" || version == "(devel)" {
		version = "(development build)"
	}
	var rev, modified, at string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		case "vcs.time":
			at = s.Value
		}
	}
	if rev == "" {
		return fmt.Sprintf("keepwarm %s (no VCS revision recorded: built with -buildvcs=false or outside a git checkout)", version)
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	out := fmt.Sprintf("keepwarm %s (revision %s", version, rev)
	if at != "" {
		out += ", " + at
	}
	if modified == "true" {
		out += ", with uncommitted changes"
	}
	return out + ")"
}
