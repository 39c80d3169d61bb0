package parse

import "keepwarm"

// An automatic answer may carry the message it answers below its own
// words (Notes, ticket systems, several Chinese enterprise mail systems,
// some Exchange transport rules). A date or a "has left" in that quote is
// the quoted writer's ("prices valid until 31 December"), never the
// absence's: ownPart keeps the words before it, as the follow-up engine
// reads a customer's own words.

// ownPart is the part of a snippet before the quoted original
// (keepwarm.OwnSnippet).
func ownPart(snippet string) string { return keepwarm.OwnSnippet(snippet) }
