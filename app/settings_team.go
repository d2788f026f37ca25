package app

import (
	"cmp"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/team/folder"
)

// teamSection is Settings → Team: create or join a team through a shared folder, sync now, the
// members and their last sync, the conflict count. The work is sync/team/folder's, the same use
// cases as `tierline team`.
type teamSection struct {
	ui host

	Status, Members, JoinCode *widget.Label
	Folder, Name, Code        *entry
	Create, Join, SyncNow     *widget.Button
	// RemoveWho picks another member; Remove takes them out of the team (the key changes).
	RemoveWho *widget.Select
	Remove    *widget.Button
	CopyCode  *widget.Button
	Error     *widget.Label
	// Conflicts lists what the merge set aside, each with its Undo button.
	Conflicts     *fyne.Container
	setup, member *fyne.Container
	box           *fyne.Container
	removable     map[string]data.ID // RemoveWho's options → device
}

func newTeamSection(u host) *teamSection {
	t := &teamSection{ui: u, Status: widget.NewLabel(""), Members: widget.NewLabel(""), JoinCode: widget.NewLabel(""), Error: widget.NewLabel(""),
		Folder: newEntry(), Name: newEntry(), Code: newEntry(), Conflicts: container.NewVBox()}
	for _, l := range []*widget.Label{t.Status, t.Members, t.JoinCode, t.Error} {
		l.Wrapping = fyne.TextWrapWord
	}
	t.JoinCode.TextStyle = fyne.TextStyle{Monospace: true}
	t.Error.Importance = widget.DangerImportance
	t.Folder.SetPlaceHolder(`S:\MTSS\Tierline team, or a OneDrive folder shared with the team`)
	t.Name.SetPlaceHolder("your name, as the team sees it on what you enter")
	t.Code.SetPlaceHolder("TL1-… (to join: the code the coordinator gave you)")
	t.Create = widget.NewButton("Create a team", t.create)
	t.Join = widget.NewButton("Join a team", t.join)
	t.SyncNow = widget.NewButton("Sync now", t.syncNow)
	t.SyncNow.Importance = widget.HighImportance
	t.RemoveWho = widget.NewSelect(nil, func(string) { t.Remove.Enable() })
	t.RemoveWho.PlaceHolder = "(pick a member)"
	t.Remove = widget.NewButton("Remove member", t.remove)
	t.Remove.Disable()
	t.CopyCode = widget.NewButton("Copy the join code", func() { u.clipboard().SetContent(t.JoinCode.Text) })
	form := widget.NewForm(&widget.FormItem{Text: "Team folder", Widget: t.Folder, HintText: "a folder every member's laptop sees: a network drive or a synced cloud folder"},
		&widget.FormItem{Text: "Your name", Widget: t.Name}, &widget.FormItem{Text: "Join code", Widget: t.Code})
	t.setup = container.NewVBox(form, container.NewHBox(t.Create, t.Join))
	t.member = container.NewVBox(container.NewHBox(t.SyncNow, t.CopyCode), t.JoinCode, widget.NewLabel("Members:"), t.Members,
		container.NewHBox(t.RemoveWho, t.Remove), t.Conflicts)
	t.box = container.NewVBox(t.Status, t.setup, t.member, t.Error)
	return t
}

// refresh reads the team status off the UI goroutine and shows it.
func (t *teamSection) refresh() {
	s := t.ui.store()
	t.ui.quietly(func() {
		st, err := folder.TeamStatus(s)
		code := ""
		if state, lerr := folder.Load(s); lerr == nil {
			code = state.Team.JoinCode()
		}
		var conflicts []folder.Conflict
		if err == nil {
			conflicts, err = folder.Conflicts(s)
		}
		t.ui.onUI(func() {
			t.show(st, code, err)
			t.showConflicts(conflicts)
		})
	})
}

func (t *teamSection) show(st folder.Status, code string, err error) {
	if errors.Is(err, folder.ErrNoTeam) {
		t.Status.SetText("This laptop is in no team: its data stays here. Create a team to share the school with the MTSS team's other laptops through a shared folder, or join one with the code the coordinator gave you.")
		t.setup.Show()
		t.member.Hide()
		return
	}
	if err != nil {
		t.Status.SetText("Team: " + data.ErrorMessage(err))
		return
	}
	t.setup.Hide()
	t.member.Show()
	last := "not synced yet"
	if !st.LastSync.IsZero() {
		last = "synced " + st.LastSync.Local().Format("Mon 2 Jan 15:04")
	}
	t.Status.SetText(fmt.Sprintf("Team folder %s: %s. %s waiting for the team folder; %s.", st.Folder, last,
		plural(st.Waiting, "change", "changes"), plural(st.Conflicts, "conflict", "conflicts")))
	t.JoinCode.SetText(code)
	var lines []string
	for _, m := range st.Members {
		seen := "never"
		if !m.LastSeen.IsZero() {
			seen = m.LastSeen.Local().Format("Mon 2 Jan 15:04")
		}
		self := ""
		if m.Self {
			self = " (this laptop)"
		}
		lines = append(lines, fmt.Sprintf("%s%s: last %s", m.Name, self, seen))
	}
	t.Members.SetText(strings.Join(lines, "\n"))
	var others []string
	t.removable = map[string]data.ID{}
	for _, m := range st.Members {
		if !m.Self {
			label := m.Name + " (" + m.Device.String()[:8] + ")"
			others = append(others, label)
			t.removable[label] = m.Device
		}
	}
	t.RemoveWho.SetOptions(others)
	t.RemoveWho.ClearSelected()
	t.Remove.Disable()
}

// remove takes the picked member out of the team after a confirmation that says what it does
// and what it cannot undo.
func (t *teamSection) remove() {
	label := t.RemoveWho.Selected
	device, ok := t.removable[label]
	if !ok {
		return
	}
	t.ui.confirm("Remove member", "Remove "+label+" from the team? The team key changes: the other members move to the new key at their next sync, and "+
		"this laptop shows a new join code. The removed laptop keeps what it already has, but cannot read what the team writes from now on, and its changes are refused.",
		"Remove", func() {
			t.Error.SetText("")
			t.ui.save(func() error {
				_, err := folder.Remove(t.ui.store(), device.String(), time.Now())
				return err
			}, t.ui.syncTeam, t.fail)
		})
}

// showConflicts lists the conflicts; Undo enters the value set aside again, so it wins on every
// laptop at their next sync (folder.Undo, as `tierline team undo`).
func (t *teamSection) showConflicts(list []folder.Conflict) {
	t.Conflicts.RemoveAll()
	if len(list) == 0 {
		return
	}
	t.Conflicts.Add(widget.NewLabel("Conflicts: values the merge set aside (the other value was kept):"))
	for _, k := range list {
		line := widget.NewLabel(fmt.Sprintf("%s (%s), entered by %s on %s: %s", k.Entity, k.Reason, cmp.Or(k.Author, k.Device),
			k.Clock.Local().Format("Mon 2 Jan 15:04"), k.Value))
		line.Wrapping = fyne.TextWrapWord
		undo := widget.NewButton("Undo", func() {
			t.ui.confirm("Undo the conflict", "Bring back the "+k.Entity+" "+cmp.Or(k.Author, k.Device)+" entered, in place of the value kept? Every laptop gets it at its next sync.", "Undo", func() {
				t.ui.save(func() error {
					_, err := folder.Undo(t.ui.store(), k.ID)
					return err
				}, t.refresh, t.fail)
			})
		})
		if !k.Undoable() {
			undo.Disable()
		}
		t.Conflicts.Add(container.NewBorder(nil, nil, nil, undo, line))
	}
}

func (t *teamSection) fail(err error) {
	t.Error.SetText(data.ErrorMessage(err))
}

func (t *teamSection) create() {
	t.Error.SetText("")
	dir, name := strings.TrimSpace(t.Folder.Text), strings.TrimSpace(t.Name.Text)
	t.ui.save(func() error {
		_, err := folder.Create(t.ui.store(), dir, name)
		return err
	}, t.ui.syncTeam, t.fail)
}

// join reads the team folder first; on a laptop that holds a school it says what joining does
// and asks before anything changes.
func (t *teamSection) join() {
	t.Error.SetText("")
	code, dir, name := t.Code.Text, strings.TrimSpace(t.Folder.Text), strings.TrimSpace(t.Name.Text)
	s := t.ui.store()
	t.ui.work(func() (func(), error) {
		plan, err := folder.PlanJoin(s, code, dir)
		if err != nil {
			return func() { t.fail(err) }, nil
		}
		empty, err := s.IsEmpty()
		if err != nil {
			return nil, err
		}
		doJoin := func() {
			t.ui.save(func() error {
				_, err := folder.Join(s, code, dir, name, plan)
				return err
			}, t.ui.syncTeam, t.fail)
		}
		if empty {
			return doJoin, nil
		}
		return func() {
			t.ui.confirm("Join the team", "This laptop already holds a school. Joining the team will:\n\n• "+strings.Join(plan.Sentences(), "\n• "), "Join", doJoin)
		}, nil
	}, "Could not join the team")
}

func (t *teamSection) syncNow() {
	t.Error.SetText("")
	t.ui.syncTeam()
}

// synced shows a sync's outcome: what failed, or the segments refused, and the status after it.
func (t *teamSection) synced(o folder.Outcome) {
	if o.Err != nil {
		t.fail(o.Err)
	} else {
		t.Error.SetText(refusedLines(o.Report))
	}
	t.refresh()
}
