package chat_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/chat"
	"keepwarm/internal/mailtest"
)

// TestANumericUserIdIsNotTakenForAMobile: many companies make the WeCom
// userid or the DingTalk userId the employee number, all digits. Such an
// id is mentioned as a user id (DingTalk's atUserIds, WeCom's markdown
// <@id>); only a number that can only be a mobile (+ and a country code,
// or a mainland one: 11 digits from 13 to 19) goes as a mobile.
func TestANumericUserIdIsNotTakenForAMobile(t *testing.T) {
	for _, tc := range []struct {
		kind, mention string
		mobile        bool
	}{
		{"dingtalk", "0123456789012345", false},
		{"dingtalk", "100234", false},
		{"dingtalk", "13800000000", true},
		{"dingtalk", "+8613800000000", true},
		{"wecom", "100234", false},
		{"wecom", "13800000000", true},
		{"wecom", "+4915112345678", true},
	} {
		t.Run(tc.kind+"/"+tc.mention, func(t *testing.T) {
			if got := keepwarm.IsMobile(tc.mention); got != tc.mobile {
				t.Errorf("IsMobile(%q) = %v", tc.mention, got)
			}
			srv := mailtest.NewChatServer(t, tc.kind, "")
			c := &chat.Channel{Name: "team", Kind: tc.kind, URL: srv.URL, Client: chat.NewClient(5*time.Second, nil, nil, nil)}
			note := keepwarm.ChatNote{Channel: "team", Mentions: []string{tc.mention}, Title: "Reply due", Customer: "Hans Meier",
				Subject: "Quotation", Waiting: "5 min", Lang: "en"}
			if err := c.Post(t.Context(), []keepwarm.ChatNote{note}, t0); err != nil {
				t.Fatal(err)
			}
			p := srv.Posts()[0]
			var ids, mobiles []string
			switch tc.kind {
			case "dingtalk":
				at, _ := p.Body["at"].(map[string]any)
				ids, mobiles = strList(at["atUserIds"]), strList(at["atMobiles"])
			case "wecom":
				if p.Body["msgtype"] == "markdown" {
					if !strings.Contains(p.Text, "<@"+tc.mention+">") {
						t.Errorf("markdown without <@%s>:\n%s", tc.mention, p.Text)
					}
					ids = []string{tc.mention}
				} else {
					text, _ := p.Body["text"].(map[string]any)
					ids, mobiles = strList(text["mentioned_list"]), strList(text["mentioned_mobile_list"])
				}
			}
			want := []string{tc.mention}
			if tc.mobile && !slices.Equal(mobiles, want) || !tc.mobile && (!slices.Equal(ids, want) || len(mobiles) != 0) {
				t.Errorf("user ids %q, mobiles %q; want %q as a mobile: %v\n%v", ids, mobiles, tc.mention, tc.mobile, p.Body)
			}
		})
	}
}

func strList(v any) []string {
	xs, _ := v.([]any)
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		out = append(out, fmt.Sprint(x))
	}
	return out
}
