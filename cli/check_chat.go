package cli

import (
	"context"
	"errors"
	"fmt"

	"keepwarm"
	"keepwarm/chat"
)

// checkChannels reads every [[notify.channel]]'s webhook URL and secret
// and, with post, posts a test message to each: a robot has no way to be
// checked without posting, so that is asked for. It names who each
// channel nudges.
func checkChannels(ctx context.Context, m *Main, post bool, report func(string, error, string)) {
	if len(m.cfg.Notify.Channels) == 0 {
		return
	}
	who := map[string][]string{}
	for _, s := range m.cfg.Salespeople {
		for _, t := range s.NotifyTargets() {
			if t.Channel != "email" {
				who[t.Channel] = append(who[t.Channel], s.Email)
			}
		}
	}
	chans, err := m.app.ChatChannels(ctx)
	if err != nil {
		report("notify channels: webhook URL and secret", err, "set the variable or fix the command named in the message")
		return
	}
	for _, c := range chans {
		what := fmt.Sprintf("notify channel %s (%s): webhook URL read; nudges %v", c.Name, c.Kind, who[c.Name])
		if len(who[c.Name]) == 0 {
			what = fmt.Sprintf("notify channel %s (%s): webhook URL read, but no salesperson's notify names it", c.Name, c.Kind)
		}
		if !post {
			report(what+" (`keepwarm check --notify` posts a test message)", nil, "")
			continue
		}
		note := keepwarm.ChatNote{Channel: c.Name, Title: "keepwarm: test message",
			Customer: "(a test: no customer is waiting)", Subject: "keepwarm check --notify", Waiting: "0 min"}
		cctx, cancel := context.WithTimeout(ctx, checkTimeout)
		err := c.Post(cctx, []keepwarm.ChatNote{note}, m.clock.Now())
		cancel()
		fix := "check the robot still exists and the URL is complete (token included)"
		var pe *chat.PostError
		if errors.As(err, &pe) && (c.Kind == chat.DingTalk || c.Kind == chat.Feishu) && pe.Outcome == chat.Failed {
			fix += "; a signing robot needs secret_env or secret_cmd with its secret, and DingTalk a keyword the message contains if the robot is set to keywords"
		}
		report(fmt.Sprintf("notify channel %s (%s): test message posted", c.Name, c.Kind), err, fix)
	}
}
