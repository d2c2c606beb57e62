//go:build !race

package storetest

// RaceEnabled is true when tests run under the race detector.
const RaceEnabled = false
