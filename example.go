package keepwarm

import _ "embed" // for ExampleConfig

// ExampleConfig is config.example.toml, every key commented; `keepwarm init`
// writes it as a starting point.
//
//go:embed config.example.toml
var ExampleConfig string
