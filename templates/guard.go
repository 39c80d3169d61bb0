package templates

import "text/template/parse"

// Guarded reports whether every use of .part (e.g. "Products") in the
// template is inside a {{with .part}}, {{if .part}} or {{range .part}}:
// without the part the mail leaves that passage out and reads whole, only
// shorter ("what is new this month." rather than "new this month: ."). It
// does not block.
func (t *Template) Guarded(part string) bool {
	return t.guarded(part, false)
}

// GuardedWhole is Guarded, except that a {{range .part}} without an
// {{else}} guards only the list itself, not the words around it: "here
// are our new items:{{range .Products}} {{.Name}}{{end}}" reads "here
// are our new items:" and nothing after it without the part. It does not
// block.
func (t *Template) GuardedWhole(part string) bool {
	return t.guarded(part, true)
}

// guarded is Guarded, or GuardedWhole when whole.
func (t *Template) guarded(part string, whole bool) bool {
	trees := treesOf(t.subject.Templates())
	for name, tr := range treesOf(t.text.Templates()) {
		trees["text:"+name] = tr
	}
	if t.html != nil {
		for _, h := range t.html.Templates() {
			trees["html:"+h.Name()] = h.Tree
		}
	}
	for _, tr := range trees {
		if tr != nil && unguarded(tr.Root, part, false, whole) {
			return false
		}
	}
	return true
}

// unguarded reports whether node n uses .part outside a block guarded by
// it; with whole, a {{range}} guards only with an {{else}}.
func unguarded(n parse.Node, part string, guarded, whole bool) bool {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return false
		}
		for _, c := range n.Nodes {
			if unguarded(c, part, guarded, whole) {
				return true
			}
		}
	case *parse.ActionNode:
		return !guarded && uses(n.Pipe, part)
	case *parse.TemplateNode:
		return !guarded && uses(n.Pipe, part)
	case *parse.IfNode:
		return branchUnguarded(&n.BranchNode, part, guarded, whole, true)
	case *parse.WithNode:
		return branchUnguarded(&n.BranchNode, part, guarded, whole, true)
	case *parse.RangeNode:
		return branchUnguarded(&n.BranchNode, part, guarded, whole, !whole || n.ElseList != nil)
	}
	return false
}

// branchUnguarded is unguarded of an if, with or range; guards says
// whether the block guards the words around it when its pipe is .part.
func branchUnguarded(b *parse.BranchNode, part string, guarded, whole, guards bool) bool {
	// {{if .Original}} is always true (a struct): only its falsy fields
	// guard.
	self := part != "Original" && isField(b.Pipe, part) || isZeroOriginal(b.Pipe, part)
	if !guarded && (!self || !guards) && uses(b.Pipe, part) {
		return true
	}
	return unguarded(b.List, part, guarded || self, whole) || unguarded(b.ElseList, part, guarded, whole)
}

// isField reports whether pipe is just .part.
func isField(pipe *parse.PipeNode, part string) bool {
	if pipe == nil || len(pipe.Decl) > 0 || len(pipe.Cmds) != 1 || len(pipe.Cmds[0].Args) != 1 {
		return false
	}
	f, ok := pipe.Cmds[0].Args[0].(*parse.FieldNode)
	return ok && len(f.Ident) == 1 && f.Ident[0] == part
}

// originalFalsy are the fields of Original that an {{if}} or {{with}}
// reads as false when Original is zero (a mail with no message to follow
// up): not Date or From, structs the template package takes as true.
var originalFalsy = map[string]bool{"Subject": true, "Text": true, "Cut": true, "To": true, "Cc": true,
	"Style": true, "Attribution": true, "Quote": true, "QuoteHTML": true}

// isZeroOriginal reports whether pipe is just .Original.X with X one of
// originalFalsy, when part is "Original": {{with .Original.Subject}}
// leaves its passage out of a mail with no original.
func isZeroOriginal(pipe *parse.PipeNode, part string) bool {
	if part != "Original" || pipe == nil || len(pipe.Decl) > 0 || len(pipe.Cmds) != 1 || len(pipe.Cmds[0].Args) != 1 {
		return false
	}
	f, ok := pipe.Cmds[0].Args[0].(*parse.FieldNode)
	return ok && len(f.Ident) == 2 && f.Ident[0] == part && originalFalsy[f.Ident[1]]
}

// uses reports whether pipe reads .part (or $.part) anywhere.
func uses(pipe *parse.PipeNode, part string) bool {
	if pipe == nil {
		return false
	}
	for _, c := range pipe.Cmds {
		for _, a := range c.Args {
			if argUses(a, part) {
				return true
			}
		}
	}
	return false
}

func argUses(a parse.Node, part string) bool {
	switch a := a.(type) {
	case *parse.FieldNode:
		return len(a.Ident) > 0 && a.Ident[0] == part
	case *parse.VariableNode:
		return len(a.Ident) > 1 && a.Ident[0] == "$" && a.Ident[1] == part
	case *parse.ChainNode:
		return argUses(a.Node, part)
	case *parse.PipeNode:
		return uses(a, part)
	}
	return false
}

// writes says whether the template reads .part anywhere (subject, text
// or html).
func (t *Template) writes(part string) bool {
	var trees []*parse.Tree
	for _, tr := range treesOf(t.subject.Templates()) {
		trees = append(trees, tr)
	}
	for _, tr := range treesOf(t.text.Templates()) {
		trees = append(trees, tr)
	}
	if t.html != nil {
		for _, h := range t.html.Templates() {
			trees = append(trees, h.Tree)
		}
	}
	for _, tr := range trees {
		if tr != nil && nodeUses(tr.Root, part) {
			return true
		}
	}
	return false
}

// nodeUses says whether n reads .part anywhere, guarded or not.
func nodeUses(n parse.Node, part string) bool {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return false
		}
		for _, c := range n.Nodes {
			if nodeUses(c, part) {
				return true
			}
		}
	case *parse.ActionNode:
		return uses(n.Pipe, part)
	case *parse.TemplateNode:
		return uses(n.Pipe, part)
	case *parse.IfNode:
		return uses(n.Pipe, part) || nodeUses(n.List, part) || nodeUses(n.ElseList, part)
	case *parse.WithNode:
		return uses(n.Pipe, part) || nodeUses(n.List, part) || nodeUses(n.ElseList, part)
	case *parse.RangeNode:
		return uses(n.Pipe, part) || nodeUses(n.List, part) || nodeUses(n.ElseList, part)
	}
	return false
}
