package templates

import (
	"fmt"
	"regexp"
	"sort"
	"text/template/parse"
)

// attachClaim matches the words with which a mail says it carries a file:
// "please find attached", "anbei", "adjunto", "ci-joint", "em anexo",
// "in allegato", "во вложении", "مرفق", "附件". keepwarm attaches nothing
// to the mail it writes, so a template saying so sends the customer
// looking for a file that is not there.
var attachClaim = regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}])(attached|attachments?|enclosed|anbei|anhang|beigefügt|angehängt|adjunt[oa]s?|adjuntamos|ci-jointes?|ci-joints?|pièces? jointes?|em anexo|anexad[oa]s?|segue anexo|in allegato|allegat[oi]|во вложении|вложени[еия]|прилага(?:ю|ем))(?:$|[^\p{L}\p{N}])|(مرفق|المرفقات|附件|附上|随附|隨附|附檔)`)

// AttachmentClaims names the templates whose own words (not the fields
// they fill in: a customer's quoted mail may well mention an attachment)
// say the mail carries a file. It does not block; `keepwarm sequences
// check` and the console show it.
func AttachmentClaims(set *Set) []Problem {
	var out []Problem
	for _, t := range set.Templates() {
		sections := []struct {
			name  string
			trees map[string]*parse.Tree
		}{{"subject", treesOf(t.subject.Templates())}, {"text", treesOf(t.text.Templates())}}
		if t.html != nil {
			trees := map[string]*parse.Tree{}
			for _, h := range t.html.Templates() {
				trees[h.Name()] = h.Tree
			}
			sections = append(sections, struct {
				name  string
				trees map[string]*parse.Tree
			}{"html", trees})
		}
	sections:
		for _, sec := range sections {
			names := make([]string, 0, len(sec.trees))
			for name := range sec.trees {
				names = append(names, name)
			}
			sort.Strings(names)
			for _, name := range names {
				tr := sec.trees[name]
				if tr == nil {
					continue
				}
				if word := claimIn(tr.Root); word != "" {
					out = append(out, Problem{File: t.File, Section: sec.name,
						Msg: fmt.Sprintf("says %q, but keepwarm attaches no file to the mail it sends: the customer would look for an attachment that is not there; link to the file instead (a product's {{.Link}}, a page of your site)", word)})
					break sections
				}
			}
		}
	}
	return out
}

// claimIn returns the first attachment claim in n's own text, or "".
func claimIn(n parse.Node) string {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return ""
		}
		for _, c := range n.Nodes {
			if w := claimIn(c); w != "" {
				return w
			}
		}
	case *parse.TextNode:
		// Tags and entities of the html section are not words.
		text := htmlTag.ReplaceAllString(string(n.Text), " ")
		if m := attachClaim.FindStringSubmatch(text); m != nil {
			return m[1] + m[2]
		}
	case *parse.IfNode:
		return claimInBranch(&n.BranchNode)
	case *parse.WithNode:
		return claimInBranch(&n.BranchNode)
	case *parse.RangeNode:
		return claimInBranch(&n.BranchNode)
	}
	return ""
}

func claimInBranch(b *parse.BranchNode) string {
	if w := claimIn(b.List); w != "" {
		return w
	}
	return claimIn(b.ElseList)
}
