package data

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes: the kinds of failure the UI and the CLI tell apart.
const (
	ECONFLICT = "conflict"  // the action clashes with what is stored (a duplicate local id)
	EINTERNAL = "internal"  // a fault of the program or the machine: logged, not shown raw
	EINVALID  = "invalid"   // the user's input is wrong; the message says which field and why
	ENOTFOUND = "not_found" // the thing asked for does not exist
	// EUNAVAILABLE: the district hub could not be reached or would not take
	// the work now; nothing is lost, the work waits and is tried again.
	EUNAVAILABLE = "unavailable"
)

// Error is a failure whose message is written for the person using Tierline.
type Error struct {
	Code    string
	Message string
	// Field names the input at fault ("grade", "date"), so that a form can
	// show the message next to it. Empty when no single field is at fault.
	Field string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first Error in err's chain, EINTERNAL for
// any other error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns what a user may be shown: the message of a domain
// error, or a generic sentence for internal ones (whose detail goes to the log).
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	}
	return "Something went wrong inside Tierline; the details are in the log."
}

// invalid builds a validation error naming the record, the field and the value.
func invalid(entity, field string, value any, reason string) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf("%s %s %s %s", entity, field, quote(value), reason)}
}

// required builds the validation error of a missing field.
func required(entity, field string) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf("%s %s is required", entity, field)}
}

func quote(v any) string {
	switch v := v.(type) {
	case string:
		return Clip(v)
	case fmt.Stringer:
		return Clip(v.String())
	case float64:
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.4f", v), "0"), ".")
	}
	return fmt.Sprint(v)
}

// checkDate validates a required date field.
func checkDate(entity, field string, d Date) error {
	if d.IsZero() {
		return required(entity, field)
	}
	if err := d.checkRange(); err != nil {
		return invalid(entity, field, d, fmt.Sprintf("is outside the years %d to %d", MinDate.Year, MaxDate.Year))
	}
	return nil
}

// checkOptionalDate validates a date field that may be unset.
func checkOptionalDate(entity, field string, d Date) error {
	if d.IsZero() {
		return nil
	}
	return checkDate(entity, field, d)
}

// checkText refuses text that is too long or carries control characters,
// which come from pasted binary data rather than from a person, or the
// bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069),
// which make a name or a note read differently on screen than in a file.
func checkText(entity, field, s string, maxLen int) error {
	if len(s) > maxLen {
		return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf("%s %s is %d characters long (at most %d)", entity, field, len(s), maxLen)}
	}
	for _, r := range s {
		switch {
		case r == '\uFFFD' || (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f:
			return invalid(entity, field, s, "contains characters that are not text")
		case (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069):
			return invalid(entity, field, s, "contains a right-to-left override, which would show it differently from what it says")
		}
	}
	return nil
}

// checkLine is checkText for a name or a label: one line, so also no line
// break or tab, which would split it in a CSV, an SVG label or a table.
func checkLine(entity, field, s string, maxLen int) error {
	if strings.ContainsAny(s, "\n\t") {
		return invalid(entity, field, s, "contains a line break or a tab (it must be one line)")
	}
	return checkText(entity, field, s, maxLen)
}
