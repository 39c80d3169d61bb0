package cli

import (
	"time"

	"github.com/alecthomas/kong"

	"keepwarm"
)

// keepwarmDuration is a flag read as every duration keepwarm reads
// (keepwarm.ParseDuration): a Go duration, days and weeks ("1d", "2w"), or
// both, so a cron line's "--stale-after 1d" is a day and not a usage error.
type keepwarmDuration time.Duration

func (d *keepwarmDuration) Decode(ctx *kong.DecodeContext) error {
	var s string
	if err := ctx.Scan.PopValueInto("duration", &s); err != nil {
		return err
	}
	v, _, err := keepwarm.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = keepwarmDuration(v)
	return nil
}
