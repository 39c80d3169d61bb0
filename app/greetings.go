package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"keepwarm"
	"keepwarm/config"
	"keepwarm/sequences"
	"keepwarm/templates"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// newGreetings builds the greetings job, or nil when [greetings] turns
// nothing on. An error is a problem of [greetings] (a template missing or
// broken, letters_dir not a directory): the daemon holds the greetings and
// letters with it and runs the rest (see NewEngineParts); `greetings plan`
// shows it.
func (a *App) NewGreetings(onQueued func()) (*sequences.Greetings, error) {
	gc := a.Cfg.Greetings
	if !gc.Enabled() {
		return nil, nil
	}
	_, set, probs := a.LoadSequences()
	if set == nil {
		return nil, fmt.Errorf("greetings: templates: %v", probs)
	}
	start, end, _ := sequences.ParseHours(gc.Window)
	until, _ := time.Parse("15:04", gc.MorningUntil)
	cfg := sequences.GreetingsConfig{
		Occasions: gc.Occasions, DaysBefore: gc.DaysBefore, Templates: gc.Templates,
		Mode:             keepwarm.SendMode(gc.Mode),
		CompanyAddresses: gc.CompanyAddresses,
		WindowStart:      start, WindowEnd: end,
		MorningEnd:   time.Duration(until.Hour())*time.Hour + time.Duration(until.Minute())*time.Minute,
		LetterGrades: gc.LetterGrades, LetterDay: gc.LetterDay, SkipIfWrittenWithin: gc.SkipIfWrittenWithin.Duration,
		Senders: a.GreetingSenders(), DefaultLocation: a.Cfg.TeamLocation(), Location: a.CustomerLocation,
		OnQueued: onQueued, Also: gc.Also, ContactCap: a.Cfg.Team.AutomatedPerContactWeek,
		AnyContact: gc.OnlyContactsWhoWrote != nil && !*gc.OnlyContactsWhoWrote,
		EnglishFor: gc.EnglishFor,
		Away:       a.NewAway(),
	}
	if gc.OnTheDay != nil {
		cfg.OnTheDay = append([]string{}, *gc.OnTheDay...)
	}
	cals, err := a.Calendars()
	if err != nil {
		return nil, err
	}
	cfg.Calendars = cals
	if gc.Grades != nil {
		cfg.Grades = *gc.Grades
	}
	cfg.Custom = customOccasions(gc)
	if gc.LettersDir != "" {
		dir := a.Cfg.SequencesPath(gc.LettersDir)
		if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
			// A directory keepwarm writes into (the console saves the
			// letters there): made on first use, empty, so no letter goes
			// until one is written.
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("greetings.letters_dir: %s does not exist and cannot be made: %w", dir, err)
			}
			a.Log.Info("greetings.letters_dir made (empty): letters go once they are written", "dir", dir)
		}
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("greetings.letters_dir: %s is not a readable directory", dir)
		}
		cfg.Letters = os.DirFS(dir)
	}
	sc := a.Cfg.Sequences
	seqRefresh := SequencesRefresh(a.Cfg.SequencesPath(sc.Dir), a.Cfg.SequencesPath(sc.TemplatesDir), nil)
	cfg.Refresh = func(ctx context.Context) (*templates.Set, bool, error) {
		_, set, changed, err := seqRefresh(ctx)
		return set, changed, err
	}
	return sequences.NewGreetings(cfg, a.DB, set, a.Log.With("job", "greetings"))
}

// customOccasions are [greetings]'s [[greetings.custom]] occasions.
func customOccasions(gc config.GreetingsConfig) []sequences.CustomOccasion {
	var out []sequences.CustomOccasion
	for _, c := range gc.Custom {
		co := sequences.CustomOccasion{Key: c.Key, Name: c.Name, Countries: c.Countries, DaysBefore: c.DaysBefore, Template: c.Template}
		for _, d := range c.Dates {
			t, _ := time.Parse("2006-01-02", d)
			co.Dates = append(co.Dates, t)
		}
		out = append(out, co)
	}
	return out
}

// greetingSenders maps each owner to the mailbox their greetings go from:
// the one whose login is their own address, else their own one under a
// sign-in name (sequences.Personal), else the first of theirs that can
// send. Greetings go out as the customer's own salesperson: a shared
// sales@ listed first must not send Lily's greeting from sales@ signed
// "Lily Chen".
func (a *App) GreetingSenders() map[string]sequences.GreetingSender {
	out := map[string]sequences.GreetingSender{}
	rank := map[string]int{} // how much the owner's sender is theirs
	ids := map[string]sequences.Identity{}
	for _, id := range a.Identities() {
		ids[id.Mailbox] = id
	}
	for _, mb := range a.Cfg.Mailboxes {
		if mb.SMTPURL == "" {
			continue
		}
		mine := 0
		switch {
		case strings.EqualFold(strings.TrimSpace(mb.Username), mb.Owner):
			mine = 2
		case sequences.Personal(ids[mb.Name]):
			mine = 1
		}
		if _, ok := out[mb.Owner]; ok && rank[mb.Owner] >= mine {
			continue
		}
		rank[mb.Owner] = mine
		s := sequences.GreetingSender{Mailbox: mb.Name, From: keepwarm.Address{Email: mb.Owner}}
		if strings.Contains(mb.Username, "@") {
			s.From.Email = strings.ToLower(mb.Username)
		}
		for _, p := range a.Cfg.Salespeople {
			if p.Email == mb.Owner {
				s.From.Name, s.Signature, s.SignatureHTML = p.Name, p.Signature, p.SignatureHTML
			}
		}
		if strings.TrimSpace(s.From.Name) == "" && strings.TrimSpace(mb.FromName) != "" {
			s.From.Name, s.Signature, s.SignatureHTML = strings.TrimSpace(mb.FromName), mb.Signature, ""
		}
		if s.Signature == "" {
			s.Signature = s.From.Name
		}
		s.LettersPerDay = a.Cfg.Greetings.LettersPerDay
		if s.LettersPerDay == 0 && mb.DailyCap > 0 {
			s.LettersPerDay = max(1, min(sequences.DefaultLettersPerDay, mb.DailyCap/2))
		}
		out[mb.Owner] = s
	}
	return out
}

// lettersPath is the letters directory, for messages.
func (a *App) LettersPath() string {
	if a.Cfg.Greetings.LettersDir == "" {
		return ""
	}
	return filepath.Clean(a.Cfg.SequencesPath(a.Cfg.Greetings.LettersDir))
}

// greetingLetters is the letters directory as a file system, nil when none.
func (a *App) GreetingLetters() fs.FS {
	if dir := a.LettersPath(); dir != "" {
		return os.DirFS(dir)
	}
	return nil
}

// The reason a greeting or letter is held with while [greetings] has a
// problem; it begins with GreetingsOffPrefix, by which the first start
// after the fix releases them (NewEngineParts).
const (
	GreetingsOffPrefix = "greetings are off until "
	GreetingsOffReason = GreetingsOffPrefix + "[greetings] is fixed" + offPickedUp
)

// greetingPrecheck is the last check before a greeting or letter goes
// (g.Precheck). With greetings turned off after it was queued (g nil)
// nothing checks it any more (opt-outs, bounces, absences, the day being
// over), so it does not go.
func (a *App) greetingPrecheck(ctx context.Context, g *sequences.Greetings, off error, item keepwarm.OutboxItem) (string, error) {
	if off != nil {
		// [greetings] has a problem: held, not dropped; the next start
		// after the fix checks it (a day gone by is then not sent).
		return "", &keepwarm.Hold{Until: a.Clock.Now().Add(time.Hour), Reason: GreetingsOffReason + off.Error()}
	}
	if g == nil {
		return "greetings are turned off: the " + item.Origin + " queued before is not sent", nil
	}
	return g.Precheck(ctx, item, a.Clock.Now())
}
