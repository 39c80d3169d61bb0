package cli

import (
	"fmt"
	"sort"
	"strings"

	"github.com/alecthomas/kong"
)

// helpCmd is `keepwarm help [COMMAND...]`: the same as COMMAND --help.
type helpCmd struct {
	Command []string `arg:"" optional:"" name:"command" help:"the command (and subcommand) to explain"`
}

func (opt *helpCmd) Run(m *Main) error {
	var fresh commandLine
	parser, err := m.parser(&fresh)
	if err != nil {
		return err
	}
	_, err = parser.Parse(append(append([]string{}, opt.Command...), "--help"))
	return err // only reached when COMMAND is unknown: --help exits
}

// completionCmd prints a completion script. The scripts ask keepwarm itself
// (`keepwarm __complete WORDS...`) what may come next, so they never go
// stale when commands or flags change.
type completionCmd struct {
	Shell string `arg:"" name:"shell" enum:"bash,zsh,fish" help:"bash, zsh or fish"`
}

const bashCompletion = `# keepwarm completion for bash: source it, or put it in
# /etc/bash_completion.d/keepwarm (keepwarm completion bash > ...)
_keepwarm() {
	local cur="${COMP_WORDS[COMP_CWORD]}"
	local IFS=$'\n'
	COMPREPLY=($(compgen -W "$(keepwarm __complete "${COMP_WORDS[@]:1:COMP_CWORD-1}" 2>/dev/null)" -- "$cur"))
}
complete -o default -F _keepwarm keepwarm
`

const zshCompletion = `#compdef keepwarm
# keepwarm completion for zsh: put it in a directory on $fpath as _keepwarm
# (keepwarm completion zsh > "${fpath[1]}/_keepwarm"), or source it.
_keepwarm() {
	local -a words_
	words_=("${(@f)$(keepwarm __complete "${(@)words[2,CURRENT-1]}" 2>/dev/null)}")
	compadd -a words_
	_files
}
if [ "$funcstack[1]" = "_keepwarm" ]; then
	_keepwarm "$@"
else
	compdef _keepwarm keepwarm
fi
`

const fishCompletion = `# keepwarm completion for fish: keepwarm completion fish > ~/.config/fish/completions/keepwarm.fish
complete -c keepwarm -f -a '(keepwarm __complete (commandline -opc)[2..-1])'
`

func (opt *completionCmd) Run(m *Main) error {
	switch opt.Shell {
	case "bash":
		fmt.Fprint(m.Stdout, bashCompletion)
	case "zsh":
		fmt.Fprint(m.Stdout, zshCompletion)
	case "fish":
		fmt.Fprint(m.Stdout, fishCompletion)
	}
	return nil
}

// completeCmd answers the completion scripts: given the words typed so far
// (after "keepwarm", before the one being completed), it prints one
// candidate per line: the subcommands of the command reached, then its
// flags and the global ones.
type completeCmd struct {
	Words []string `arg:"" optional:"" passthrough:"" name:"words"`
}

func (opt *completeCmd) Run(m *Main, kctx *kong.Context) error {
	for _, w := range completions(kctx.Model.Node, opt.Words) {
		fmt.Fprintln(m.Stdout, w)
	}
	return nil
}

// completions walks the command tree along words and lists what may follow.
func completions(root *kong.Node, words []string) []string {
	node := root
	for i := 0; i < len(words); i++ {
		w := words[i]
		if strings.HasPrefix(w, "-") {
			if f := findFlag(node, strings.TrimLeft(w, "-")); f != nil && !f.IsBool() && !strings.Contains(w, "=") {
				i++ // the flag's value
			}
			continue
		}
		for _, child := range node.Children {
			if child.Type == kong.CommandNode && !child.Hidden && (child.Name == w || containsString(child.Aliases, w)) {
				node = child
				break
			}
		}
	}
	var out []string
	for _, child := range node.Children {
		if child.Type == kong.CommandNode && !child.Hidden {
			out = append(out, child.Name)
		}
	}
	sort.Strings(out)
	var flags []string
	for n := node; n != nil; n = n.Parent {
		for _, f := range n.Flags {
			if !f.Hidden {
				flags = append(flags, "--"+f.Name)
			}
		}
	}
	sort.Strings(flags)
	return append(out, flags...)
}

func findFlag(node *kong.Node, name string) *kong.Flag {
	name, _, _ = strings.Cut(name, "=")
	for n := node; n != nil; n = n.Parent {
		for _, f := range n.Flags {
			if f.Name == name {
				return f
			}
		}
	}
	return nil
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
