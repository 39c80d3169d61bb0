package cli

import (
	"context"
	"fmt"
)

// webCmd is the web application's operator commands.
type webCmd struct {
	Link webLinkCmd `cmd:"" help:"print a one-time sign-in link for a team member (first sign-in, recovery, tests)"`
}

type webLinkCmd struct {
	Email string `arg:"" name:"email" help:"the team member's address ([[salesperson]], team.manager or team.managers)"`
	Next  string `name:"next" placeholder:"PATH" help:"the page the link opens after sign-in, e.g. /customers/12 (default the desk)"`
}

func (opt *webLinkCmd) Run(ctx context.Context, m *Main) error {
	// The link's 15 minutes run on the clock the web server checks them
	// against, not on --now: a link made with --now in 2030 would
	// otherwise work until then.
	if m.wall != nil && m.replayed != 0 {
		clock := m.app.Clock
		m.app.Clock = m.wall
		defer func() { m.app.Clock = clock }()
	}
	link, err := m.app.SignInLink(ctx, opt.Email, opt.Next)
	if err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, link)
	fmt.Fprintln(m.Stderr, "keepwarm: the link works once, for 15 minutes")
	return nil
}
