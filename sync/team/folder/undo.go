package folder

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
	"github.com/tierline/tierline/sync/team/merge"
)

// Undo takes back what the merge decided for one conflict: the value set aside (the conflict
// named by id, the change's id or a unique start of it) is entered again on this laptop as a new
// change, so it wins on every laptop at their next sync, and the value it replaces takes its
// place in the conflict list (an undo can itself be undone). It returns the conflict undone.
//
// Only a value set aside for another value of the same record can be undone: a record whose
// parent was deleted is still kept and listed; a tier change is part of its student's chain,
// and is undone on the student screen (Undo tier change) instead.
func Undo(s *store.Store, id string) (Conflict, error) {
	list, err := Conflicts(s)
	if err != nil {
		return Conflict{}, err
	}
	k, err := findConflict(list, id)
	if err != nil {
		return k, err
	}
	if k.Reason != merge.LoggedTwice {
		return k, data.Errorf(data.EINVALID, "conflict %s: the %s is still kept (%s); there is no other value to undo it to", k.ID, k.Entity, k.Reason)
	}
	undo := func(v any, save func() error) error {
		if err := json.Unmarshal([]byte(k.Value), v); err != nil {
			return fmt.Errorf("conflict %s: the value set aside cannot be read: %w", k.ID, err)
		}
		return save()
	}
	switch k.Entity {
	case "score":
		var sc data.Score
		err = undo(&sc, func() error { return s.SaveScore(sc) })
	case "session":
		var ss data.Session
		err = undo(&ss, func() error { return s.SaveSession(&ss) })
	case "decision":
		var d data.Decision
		err = undo(&d, func() error { return s.SaveDecision(&d) })
	default:
		err = data.Errorf(data.EINVALID, "conflict %s: a %s is not undone from the conflict list (a tier change: Undo tier change on the student screen)", k.ID, k.Entity)
	}
	if err != nil {
		return k, fmt.Errorf("undo conflict %s: %w", k.ID, err)
	}
	return k, nil
}

// Undoable says whether Undo can take the conflict back: a value set aside for another value of
// a score, session or decision.
func (k Conflict) Undoable() bool {
	return k.Reason == merge.LoggedTwice && undoable[k.Entity]
}

var undoable = map[string]bool{"score": true, "session": true, "decision": true}

func findConflict(list []Conflict, id string) (Conflict, error) {
	id = strings.ToLower(strings.TrimSpace(id))
	var found []Conflict
	for _, k := range list {
		if id != "" && strings.HasPrefix(k.ID, id) {
			found = append(found, k)
		}
	}
	switch {
	case len(found) == 1:
		return found[0], nil
	case len(found) > 1:
		return Conflict{}, data.Errorf(data.EINVALID, "%d conflicts start with %q: give more of the id", len(found), id)
	}
	return Conflict{}, data.Errorf(data.ENOTFOUND, "no conflict %q in the list (tierline team conflicts lists them)", id)
}
