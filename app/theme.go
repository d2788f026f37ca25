package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Theme choices in Settings.
const (
	themeSystem = "system"
	themeLight  = "light"
	themeDark   = "dark"
)

// appTheme is Fyne's default theme with a forced variant (light or dark,
// or the system's) and an optional large type for meetings on a projector.
type appTheme struct {
	variant *fyne.ThemeVariant
	large   bool
}

func (t appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.variant != nil {
		v = *t.variant
	}
	if n == theme.ColorNameFocus {
		return focusColor(v)
	}
	return theme.DefaultTheme().Color(n, v)
}

// focusColor marks the focused widget for keyboard use. Fyne's default is
// a faint tint (about 1.1:1 against the background); a button's focus is a
// fill under its text, so the colour is the strongest that keeps the text
// at 4.5:1: the palette's sky blue at 3.3:1 against the dark background,
// its blue at 1.6:1 against the light one (3:1 there would leave the text
// at 2.2:1).
func focusColor(v fyne.ThemeVariant) color.Color {
	if v == theme.VariantDark {
		return color.NRGBA{R: 0x56, G: 0xB4, B: 0xE9, A: 0x90} // sky blue
	}
	return color.NRGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0x50} // blue
}

func (t appTheme) Font(s fyne.TextStyle) fyne.Resource     { return theme.DefaultTheme().Font(s) }
func (t appTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// meetingTextScale is how much meeting mode enlarges the type.
const meetingTextScale = 1.4

func (t appTheme) Size(n fyne.ThemeSizeName) float32 {
	s := theme.DefaultTheme().Size(n)
	if t.large {
		switch n {
		case theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText, theme.SizeNameCaptionText, theme.SizeNameInlineIcon:
			return s * meetingTextScale
		}
	}
	return s
}

// applyTheme sets the app's theme from the Settings choice and meeting mode.
func applyTheme(a fyne.App, choice string, large bool) {
	t := appTheme{large: large}
	switch choice {
	case themeLight:
		v := theme.VariantLight
		t.variant = &v
	case themeDark:
		v := theme.VariantDark
		t.variant = &v
	}
	a.Settings().SetTheme(t)
}

// Colours that carry meaning on screen, from the charts' Okabe–Ito palette;
// always shown with a word or an icon too.
var (
	colorNeedsAction = color.NRGBA{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF} // vermillion
	colorOnTrack     = color.NRGBA{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF} // bluish green
	colorTooEarly    = color.NRGBA{R: 0x56, G: 0xB4, B: 0xE9, A: 0xFF} // sky blue
	colorCaution     = color.NRGBA{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF} // orange
)
