package sequences

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/zhtext"
)

// A mail to another contact in a thread whose follow-up runs is in the
// digest's "not followed up" list with what to do, in English and Chinese.
func TestDigestNamesAMailToOtherContactsOfAFollowedUpThread(t *testing.T) {
	detail := otherContactsDetail([]keepwarm.Address{{Email: "hans@buyer.de"}}, []keepwarm.Address{{Name: "Ute", Email: "ute@buyer.de"}})
	for lang, want := range map[string][]string{
		"en": {"other-contacts", "a follow-up of this thread to hans@buyer.de is running: follow this mail to ute@buyer.de up by hand"},
		"zh": {"会话正在跟进发给其他联系人的邮件", "这个会话正在跟进发给 hans@buyer.de 的邮件：发给 ute@buyer.de 的这封邮件请手动跟进"},
	} {
		d := zhDigest(lang)
		d.translate = zhtext.Err
		d.NotFollowed = []keepwarm.FollowUpSkip{{Customer: "domain:buyer.de", Subject: "Re: Quotation", To: []string{"ute@buyer.de"},
			SentAt: d.Now.Add(-2 * time.Hour), Reason: keepwarm.SkipOtherContacts, Detail: detail, ThreadID: 9}}
		text := d.Text()
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s digest lacks %q:\n%s", lang, w, text)
			}
		}
	}
}
