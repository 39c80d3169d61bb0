package cli

import (
	"context"
	"fmt"
	"time"
)

// authCmd signs a mailbox (or the [notify] sender) in with the provider's
// device-code flow and keeps the refresh token, sealed, in the database.
type authCmd struct {
	Mailbox string        `arg:"" name:"mailbox" help:"the mailbox to sign in (its name in the config), or \"notify\""`
	Wait    time.Duration `name:"wait" default:"15m" help:"how long to wait for the sign-in"`
}

func (opt *authCmd) Run(ctx context.Context, m *Main) error {
	ctx, cancel := context.WithTimeout(ctx, opt.Wait)
	defer cancel()
	name := opt.Mailbox
	err := m.app.Authorize(ctx, name, func(code, url string) {
		fmt.Fprintf(m.Stdout, "To let keepwarm read and send mail as mailbox %s, open\n\n    %s\n\nand enter the code  %s\n\nWaiting for the sign-in...\n", name, url, code)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "signed in: mailbox %s's refresh token is stored, sealed with the key in %s (or KEEPWARM_SECRET_KEY)\n", name, m.app.KeyPath())
	return nil
}
