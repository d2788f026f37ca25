//go:build !race

package app

const raceBuild = false
