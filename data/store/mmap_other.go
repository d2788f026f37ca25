//go:build !windows

package store

// initialMmapSize reserves address space for the store's memory map up
// front: growing the map remaps the file and copies every node of the
// transaction under way (a third of a 100,000-score import). It costs no
// memory or disk, only address space.
const initialMmapSize = 256 << 20
