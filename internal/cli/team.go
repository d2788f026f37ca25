package cli

import (
	"cmp"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
	"github.com/tierline/tierline/sync/team/folder"
)

// runTeam is `tierline team create|join|sync|status|conflicts|undo|remove`: team sync through a shared folder.
func runTeam(c *invocation, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usagef("expected create, join, sync, status, conflicts, undo or remove")
	}
	verb, args := args[0], args[1:]
	fs := c.flags("team " + verb)
	var dir, name string
	var yes bool
	if verb == "create" || verb == "join" {
		fs.StringVar(&dir, "folder", "", "the shared folder (network drive, OneDrive or Google Drive folder, USB stick)")
		fs.StringVar(&name, "name", "", "your name, as the team sees it on what you enter")
	}
	if verb == "join" {
		fs.BoolVar(&yes, "yes", false, "join even though this laptop already holds a school (merge it with the team's)")
	}
	positional := []string(nil)
	switch verb {
	case "join":
		positional = []string{"CODE"}
	case "undo":
		positional = []string{"ID"}
	case "remove":
		positional = []string{"NAME|DEVICE"}
	}
	pos, err := parse(fs, args, positional...)
	if err != nil {
		return err
	}
	if (verb == "create" || verb == "join") && (dir == "" || name == "") {
		return usagef("team %s needs --folder DIR and --name NAME", verb)
	}
	switch verb {
	case "create":
		return c.withStore(func(s *store.Store) error { return c.teamCreate(s, dir, name) })
	case "join":
		return c.withStore(func(s *store.Store) error { return c.teamJoin(s, pos[0], dir, name, yes) })
	case "sync":
		return c.withStore(c.teamSync)
	case "status":
		return c.readStore(c.teamStatus)
	case "conflicts":
		return c.readStore(c.teamConflicts)
	case "undo":
		return c.withStore(func(s *store.Store) error { return c.teamUndo(s, pos[0]) })
	case "remove":
		return c.withStore(func(s *store.Store) error { return c.teamRemove(s, pos[0]) })
	}
	return usagef("unknown team command %q (expected create, join, sync, status, conflicts, undo or remove)", verb)
}

func (c *invocation) teamCreate(s *store.Store, dir, name string) error {
	if _, err := requireSchool(s); err != nil {
		return err
	}
	st, err := folder.Create(s, dir, name)
	if err != nil {
		return err
	}
	code := st.Team.JoinCode()
	return c.print(map[string]any{"team": st.Team.ID, "folder": st.Folder, "device": st.Device, "join_code": code}, func(w io.Writer) {
		fmt.Fprintf(w, "Created team %s in %s.\n", st.Team.ID, st.Folder)
		fmt.Fprintf(w, "Join code (give it to each member, in person or by a message only they read; it is the team's key):\n\n  %s\n\n", code)
		fmt.Fprintf(w, "Then run 'tierline team sync' (the window syncs by itself).\n")
	})
}

func (c *invocation) teamJoin(s *store.Store, code, dir, name string, yes bool) error {
	plan, err := folder.PlanJoin(s, code, dir)
	if err != nil {
		return err
	}
	empty, err := s.IsEmpty()
	if err != nil {
		return err
	}
	if !empty && !yes {
		c.print(map[string]any{"joined": false, "plan": plan, "what_happens": plan.Sentences()}, func(w io.Writer) {
			fmt.Fprintln(w, "This laptop already holds a school. Joining the team will:")
			for _, line := range plan.Sentences() {
				fmt.Fprintf(w, "  - %s\n", line)
			}
		})
		return data.Errorf(data.ECONFLICT, "nothing changed yet: run again with --yes to join (a backup first is wise: tierline backup FILE)")
	}
	st, err := folder.Join(s, code, dir, name, plan)
	if err != nil {
		return err
	}
	rep, err := folder.Sync(s, c.now())
	if err != nil {
		return err
	}
	return c.print(map[string]any{"joined": true, "team": st.Team.ID, "device": st.Device, "what_happened": plan.Sentences(), "sync": rep}, func(w io.Writer) {
		fmt.Fprintf(w, "Joined team %s as %s.\n", st.Team.ID, name)
		for _, line := range plan.Sentences() {
			fmt.Fprintf(w, "  - %s\n", line)
		}
		printSync(w, rep)
	})
}

func (c *invocation) teamSync(s *store.Store) error {
	rep, err := folder.Sync(s, c.now())
	if err != nil {
		return err
	}
	return c.print(rep, func(w io.Writer) { printSync(w, rep) })
}

func printSync(w io.Writer, rep folder.Report) {
	fmt.Fprintf(w, "Sent %d changes; read %d segments: %d new changes, %d records written", rep.Published, rep.Read, rep.Applied.New, rep.Applied.Written)
	if rep.Applied.Waiting > 0 {
		fmt.Fprintf(w, ", %d waiting for a record they refer to", rep.Applied.Waiting)
	}
	if rep.Applied.Refused > 0 {
		fmt.Fprintf(w, ", %d this laptop cannot hold (see tierline team conflicts)", rep.Applied.Refused)
	}
	fmt.Fprintln(w, ".")
	if rep.Repaired > 0 {
		fmt.Fprintf(w, "Wrote %d of this laptop's segment files again (they were missing or damaged in the folder).\n", rep.Repaired)
	}
	for _, r := range rep.Refused {
		if r.Incomplete {
			fmt.Fprintf(w, "Waiting: %s\n", r.Error())
		} else {
			fmt.Fprintf(w, "Refused: %s\n", r.Error())
		}
	}
}

func (c *invocation) teamStatus(s *store.Store) error {
	st, err := folder.TeamStatus(s)
	if err != nil {
		return err
	}
	return c.print(st, func(w io.Writer) {
		fmt.Fprintf(w, "Team %s, folder %s\n", st.Team, st.Folder)
		if st.LastSync.IsZero() {
			fmt.Fprintln(w, "Not synced yet.")
		} else {
			fmt.Fprintf(w, "Last sync %s.\n", st.LastSync.Local().Format("Mon 2 Jan 15:04"))
		}
		fmt.Fprintf(w, "%d changes waiting for the team folder; %d records waiting for a record they refer to; %d conflicts.\n", st.Waiting, st.Pending, st.Conflicts)
		fmt.Fprintln(w, "Members:")
		for _, m := range st.Members {
			seen := "never"
			if !m.LastSeen.IsZero() {
				seen = m.LastSeen.Local().Format("Mon 2 Jan 15:04")
			}
			self := ""
			if m.Self {
				self = " (this laptop)"
			}
			fmt.Fprintf(w, "  %-30s %s, last %s%s\n", m.Name, m.Device, seen, self)
		}
	})
}

func (c *invocation) teamConflicts(s *store.Store) error {
	list, err := folder.Conflicts(s)
	if err != nil {
		return err
	}
	if list == nil {
		list = []folder.Conflict{}
	}
	return c.print(list, func(w io.Writer) {
		if len(list) == 0 {
			fmt.Fprintln(w, "No conflicts.")
			return
		}
		for _, k := range list {
			who := cmp.Or(k.Author, k.Device)
			fmt.Fprintf(w, "%s  %s kept aside (%s): entered by %s at %s: %s\n", k.ID, k.Entity, k.Reason, who, k.Clock.Local().Format(time.DateTime), k.Value)
		}
		fmt.Fprintln(w, "To bring a value set aside back on every laptop: tierline team undo ID (the start of the id is enough).")
	})
}

func (c *invocation) teamUndo(s *store.Store, id string) error {
	k, err := folder.Undo(s, id)
	if err != nil {
		return err
	}
	return c.print(map[string]any{"undone": k}, func(w io.Writer) {
		fmt.Fprintf(w, "The %s entered by %s is back: %s\nIt reaches the other laptops at the next sync (tierline team sync).\n", k.Entity, cmp.Or(k.Author, k.Device), k.Value)
	})
}

func (c *invocation) teamRemove(s *store.Store, who string) error {
	m, err := folder.Remove(s, who, c.now())
	if err != nil {
		return err
	}
	rep, err := folder.Sync(s, c.now())
	if err != nil {
		return err
	}
	code := ""
	if st, err := folder.Load(s); err == nil {
		code = st.Team.JoinCode()
	}
	return c.print(map[string]any{"removed": m, "join_code": code, "sync": rep}, func(w io.Writer) {
		fmt.Fprintf(w, "Removed %s (%s) from the team: the team key changed. The other members move to the new key at their next sync; %s's laptop keeps what it already has but cannot read what the team writes from now on, and its changes are refused.\n", m.Name, m.Device, m.Name)
		fmt.Fprintf(w, "The new join code (the old one no longer works):\n\n  %s\n\n", code)
		printSync(w, rep)
	})
}
