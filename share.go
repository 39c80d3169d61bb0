package keepwarm

import (
	"fmt"
	"math"
)

// SharePercent writes a share (0..1) as a whole percentage rounded down,
// the way every report, digest and summary writes it: 79.6% is "79%",
// never the "80%" of a target it missed, and one surface does not say 80%
// where another says 79%.
func SharePercent(share float64) string {
	return fmt.Sprintf("%d%%", ShareFloor(share))
}

// ShareFloor is a share (0..1) as a whole percentage rounded down (a
// CSV's "share within (%)" column).
func ShareFloor(share float64) int {
	return int(math.Floor(100*share + 1e-9))
}
