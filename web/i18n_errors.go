package web

import "keepwarm/zhtext"

// The user-facing messages of the store and the engine (an action refused,
// a sequence or template that does not check) are English sentences with
// values in them. Err shows them in the page's language: the patterns of
// zhtext (which a digest in Chinese writes its reasons with too), and
// those the files here add, each match one message and write it in
// Chinese with the same values; a message no pattern knows is shown as it
// is.

type errPattern = zhtext.Pattern

func status(s string) string { return zhtext.Status(s) }

func pat(re, format string, statuses ...int) errPattern { return zhtext.Pat(re, format, statuses...) }

// Err shows a message from the store or the engine in the page's language.
func (l Lang) Err(msg string) string {
	if l.Code != "zh" {
		return msg
	}
	if z, ok := zh[msg]; ok {
		return z
	}
	return zhtext.Err(msg)
}
