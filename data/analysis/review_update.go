package analysis

import "github.com/tierline/tierline/data"

// ReplaceStudentItems returns the review list with one student's items
// replaced by fresh ones (the ReviewList of that student's records), in
// the list's order: what a write touching one student changes in the list,
// without analysing every other plan again.
func ReplaceStudentItems(list []ReviewItem, student data.ID, fresh []ReviewItem) []ReviewItem {
	out := make([]ReviewItem, 0, len(list)+len(fresh))
	for _, it := range list {
		if it.Student.ID != student {
			out = append(out, it)
		}
	}
	return sortItems(append(out, fresh...))
}
