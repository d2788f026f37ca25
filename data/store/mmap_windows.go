//go:build windows

package store

// initialMmapSize is 0 on Windows, where bbolt grows the file itself to the
// size of the map: a 256 MB reservation would make every store 256 MB.
const initialMmapSize = 0
