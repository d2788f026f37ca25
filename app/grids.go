package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// Tables are built whole and set at once: Container.Add lays the whole
// container out again for every object added, so a grid filled cell by cell
// costs the square of its cells on the UI goroutine. A grid touches no
// canvas until it is set, so screens build theirs off the UI goroutine.

// newGrid is a table of labels, the first row bold; nil for no rows.
func newGrid(rows [][]string) fyne.CanvasObject {
	if len(rows) == 0 {
		return nil
	}
	cells := make([]fyne.CanvasObject, 0, len(rows)*len(rows[0]))
	for i, row := range rows {
		for _, cell := range row {
			if i == 0 {
				cells = append(cells, heading(cell))
			} else {
				cells = append(cells, widget.NewLabel(cell))
			}
		}
	}
	return container.New(layout.NewGridLayoutWithColumns(len(rows[0])), cells...)
}

// setObjects replaces what a container shows and lays it out once; nil
// objects are left out.
func setObjects(c *fyne.Container, objects ...fyne.CanvasObject) {
	c.Objects = c.Objects[:0:0]
	for _, o := range objects {
		if o != nil {
			c.Objects = append(c.Objects, o)
		}
	}
	c.Refresh()
}

// setGrid fills a container with a table of labels, the first row bold.
func setGrid(c *fyne.Container, rows [][]string) { setObjects(c, newGrid(rows)) }
