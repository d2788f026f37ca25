package hub

import "testing"

// TestSafeNextRefusesOffSiteForms is the reproduction of issue 22 item 3:
// next=/%09/evil.example answered Location: /\t/evil.example.
func TestSafeNextRefusesOffSiteForms(t *testing.T) {
	offSite := []string{
		"/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "//evil.example",
		"/\\evil.example", "\\\\evil.example", "https://evil.example/", "http:evil.example",
		"javascript:alert(1)", "evil.example", "", "/%09/evil.example\x00", " /x",
	}
	for _, next := range offSite {
		if got := safeNext(next); got != "/" {
			t.Errorf("safeNext(%q) = %q, want /", next, got)
		}
	}
	for _, next := range []string{"/", "/schools", "/schools?year=2026&w=fall", "/export.csv"} {
		if got := safeNext(next); got != next {
			t.Errorf("safeNext(%q) = %q, want it kept", next, got)
		}
	}
}
