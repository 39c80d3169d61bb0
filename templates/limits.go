package templates

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/template/parse"
)

// MaxRendered bounds each rendered part of a mail (subject, text, html):
// a template that writes more (a loop that never ends) fails as any
// template error does, and nothing is sent, rather than filling the
// daemon's memory. No real mail comes near it.
const MaxRendered = 256 << 10

// maxRangeDepth bounds how deep {{range}} nests: loops over the data's
// short lists, never a product of many.
const maxRangeDepth = 2

// errTooLong is what the capped writer answers past MaxRendered.
var errTooLong = errors.New("renders longer than 256 KB")

// cappedBuffer is a strings.Builder that refuses to grow past MaxRendered:
// text/template stops executing at the first failed write.
type cappedBuffer struct{ strings.Builder }

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if b.Len()+len(p) > MaxRendered {
		return 0, errTooLong
	}
	return b.Builder.Write(p)
}

// tooLong turns an execution that stopped at the cap into the problem the
// person reads.
func tooLong(file, section string, err error) (Problem, bool) {
	if !errors.Is(err, errTooLong) {
		return Problem{}, false
	}
	return Problem{File: file, Section: section, Msg: fmt.Sprintf("the rendered %s is longer than %d KB: is a loop writing without end?", section, MaxRendered>>10)}, true
}

// loopProblems refuses, before anything runs, what would keep a render busy
// without writing a byte (which the cap cannot stop): {{range}} over a
// number ({{range 2000000000}}), {{range}} nested deeper than
// maxRangeDepth, and {{define}}/{{template}}/{{block}} (templates calling
// templates can fan out without end). The data's lists are all a message
// template needs to loop over.
func loopProblems(file, section string, trees map[string]*parse.Tree) []Problem {
	var probs []Problem
	bad := func(n parse.Node, tr *parse.Tree, msg string) {
		line := 0
		if tr != nil {
			loc, _ := tr.ErrorContext(n) // "file:line:col"
			if i := strings.LastIndex(loc, ":"); i > 0 {
				if j := strings.LastIndex(loc[:i], ":"); j >= 0 {
					line, _ = strconv.Atoi(loc[j+1 : i])
				}
			}
		}
		probs = append(probs, Problem{File: file, Line: line, Section: section, Msg: msg})
	}
	if len(trees) > 1 {
		probs = append(probs, Problem{File: file, Section: section, Msg: "{{define}} and {{block}} are not allowed in a message template"})
	}
	for _, tr := range trees {
		if tr == nil || tr.Root == nil {
			continue
		}
		var walk func(n parse.Node, depth int)
		walk = func(n parse.Node, depth int) {
			switch n := n.(type) {
			case *parse.ListNode:
				if n == nil {
					return
				}
				for _, c := range n.Nodes {
					walk(c, depth)
				}
			case *parse.IfNode:
				walk(n.List, depth)
				walk(n.ElseList, depth)
			case *parse.WithNode:
				walk(n.List, depth)
				walk(n.ElseList, depth)
			case *parse.RangeNode:
				if overNumber(n.Pipe) {
					bad(n, tr, "{{range}} over a number is not allowed in a message template: range over the data's lists")
				}
				if depth+1 > maxRangeDepth {
					bad(n, tr, fmt.Sprintf("{{range}} nested more than %d deep is not allowed in a message template", maxRangeDepth))
				}
				walk(n.List, depth+1)
				walk(n.ElseList, depth)
			case *parse.TemplateNode:
				bad(n, tr, "{{template}} is not allowed in a message template")
			}
		}
		walk(tr.Root, 0)
	}
	return probs
}

// overNumber: the range's pipeline holds a number or a bare variable
// anywhere (a variable may hold one: {{$n := 2000000000}}{{range $n}};
// {{range or 2000000000}}). A field of one, $p.Tags, is the data's.
func overNumber(p *parse.PipeNode) bool {
	if p == nil {
		return false
	}
	for _, c := range p.Cmds {
		for _, a := range c.Args {
			switch a := a.(type) {
			case *parse.NumberNode:
				return true
			case *parse.VariableNode:
				if len(a.Ident) == 1 {
					return true
				}
			case *parse.PipeNode:
				if overNumber(a) {
					return true
				}
			}
		}
	}
	return false
}
