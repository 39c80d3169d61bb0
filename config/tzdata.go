package config

// The IANA time zone database travels with the binary (about 450 kB): a
// host or container image without /usr/share/zoneinfo would otherwise
// refuse time_zone = "Asia/Shanghai" as no time zone, and a team on "UTC"
// would greet every customer at UTC times instead of their own morning.
import _ "time/tzdata"
