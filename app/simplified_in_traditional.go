package app

import (
	"context"
	"fmt"
	"strings"
)

// SimplifiedInTraditionalWarning is the warning of the customers in
// Taiwan, Hong Kong or Macao the book writes to in Simplified Chinese
// (store.SimplifiedInTraditionalRegions' keys), with the fix: check and
// the daemon's start say it.
func SimplifiedInTraditionalWarning(keys []string) string {
	shown := keys
	if len(shown) > 5 {
		shown = shown[:5]
	}
	more := ""
	if len(keys) > len(shown) {
		more = fmt.Sprintf(" and %d more", len(keys)-len(shown))
	}
	return fmt.Sprintf("%d customer(s) in Taiwan, Hong Kong or Macao are written to in Simplified Chinese (language zh; one added before Traditional Chinese was those countries' default kept it): %s%s; "+
		"their greetings and unread threads' follow-ups go in Simplified: for one who writes Traditional, keepwarm customers set ADDR --lang zh-TW; "+
		"for one who does write Simplified, keepwarm customers set ADDR --lang zh-Hans (not named here again)",
		len(keys), strings.Join(shown, ", "), more)
}

// warnSimplifiedInTraditional logs SimplifiedInTraditionalWarning once at
// the daemon's start: the check run at an upgrade may have been skipped,
// and nothing else says it.
func (a *App) warnSimplifiedInTraditional(ctx context.Context) {
	keys, err := a.DB.SimplifiedInTraditionalRegions(ctx)
	if err != nil {
		a.Log.Warn("could not look for customers in Taiwan, Hong Kong or Macao written to in Simplified Chinese", "err", err)
		return
	}
	if len(keys) > 0 {
		a.Log.Warn(SimplifiedInTraditionalWarning(keys))
	}
}
