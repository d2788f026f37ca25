//go:build race

package app

// raceBuild: the race detector slows the large school tenfold.
const raceBuild = true
