package app

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// luminance is WCAG's relative luminance of an opaque colour.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xFFFF
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// over lays a translucent colour on an opaque one.
func over(top, bottom color.Color) color.Color {
	t := color.NRGBAModel.Convert(top).(color.NRGBA)
	b := color.NRGBAModel.Convert(bottom).(color.NRGBA)
	a := float64(t.A) / 255
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*a + float64(y)*(1-a))) }
	return color.NRGBA{R: mix(t.R, b.R), G: mix(t.G, b.G), B: mix(t.B, b.B), A: 0xFF}
}

// The focus colour stands out from the background (3:1 in dark; in light
// a fill under dark text cannot reach 3:1 and keep the text at 4.5:1, so
// 1.5:1, against Fyne's 1.1:1), and text on it stays readable (4.5:1).
func TestFocusIsVisible(t *testing.T) {
	want := map[fyne.ThemeVariant]float64{theme.VariantLight: 1.5, theme.VariantDark: 3}
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		th := appTheme{variant: &v}
		bg := th.Color(theme.ColorNameBackground, v)
		focused := over(th.Color(theme.ColorNameFocus, v), bg)
		if c := contrast(focused, bg); c < want[v] {
			t.Errorf("variant %d: focus against the background %.2f:1, want %.1f:1", v, c, want[v])
		}
		if c := contrast(th.Color(theme.ColorNameForeground, v), focused); c < 4.5 {
			t.Errorf("variant %d: text on the focus colour %.2f:1, want 4.5:1", v, c)
		}
	}
}

// A focused button looks different from an unfocused one on screen.
func TestFocusedButtonIsMarkedOnScreen(t *testing.T) {
	u, _ := newTestUI(t, true)
	u.settings.Theme.SetSelected(themeLight)
	u.show(u.review)
	before := u.win.Canvas().Capture()
	u.win.Canvas().Focus(u.review.Packet)
	after := u.win.Canvas().Capture()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(u.review.Packet)
	size := u.review.Packet.Size()
	changed := 0
	for y := int(pos.Y); y < int(pos.Y+size.Height); y++ {
		for x := int(pos.X); x < int(pos.X+size.Width); x++ {
			if contrast(before.At(x, y), after.At(x, y)) >= 1.4 {
				changed++
			}
		}
	}
	if area := int(size.Width * size.Height); changed < area/4 {
		t.Errorf("focusing the button changed %d of its %d pixels by 1.4:1 or more", changed, area)
	}
}
