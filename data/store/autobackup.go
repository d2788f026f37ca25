package store

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/tierline/tierline/data"
	bolt "go.etcd.io/bbolt"
)

// Automatic backups live in a "backups" folder beside the store: one a day
// (the last KeepDaily kept), and one before every migration.
const (
	KeepDaily       = 7
	dailyPrefix     = "tierline-daily-"
	migrationPrefix = "tierline-before-schema-"
)

// BackupsDir is the folder of the automatic backups.
func (s *Store) BackupsDir() string { return filepath.Join(filepath.Dir(s.path), "backups") }

// DailyBackup writes today's verified backup unless there is one, and
// removes the daily backups older than the last KeepDaily. It returns the
// backup's path and whether it was written now.
func (s *Store) DailyBackup(today data.Date) (string, bool, error) {
	dir := s.BackupsDir()
	path := filepath.Join(dir, dailyPrefix+today.String()+".db")
	if _, err := os.Stat(path); err == nil {
		return path, false, nil
	}
	if err := s.Backup(path); err != nil {
		return "", false, fmt.Errorf("daily backup: %w", err)
	}
	if err := VerifyBackup(path); err != nil {
		os.Remove(path)
		return "", false, fmt.Errorf("daily backup: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return path, true, nil
	}
	var daily []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), dailyPrefix) && strings.HasSuffix(e.Name(), ".db") {
			daily = append(daily, e.Name())
		}
	}
	slices.Sort(daily) // the names sort by date
	for _, old := range daily[:max(0, len(daily)-KeepDaily)] {
		os.Remove(filepath.Join(dir, old))
	}
	return path, true, nil
}

// backupBeforeMigration copies a store that is about to be migrated, so
// that a migration gone wrong in a way no test foresaw can be undone by
// hand. The copy is checked page by page (its records are of the old
// schema, which this build's domain checks need not know).
func backupBeforeMigration(db *bolt.DB, storePath string, from uint64, now time.Time) error {
	dir := filepath.Join(filepath.Dir(storePath), "backups")
	path := filepath.Join(dir, fmt.Sprintf("%s%d-%s.db", migrationPrefix, from, now.UTC().Format("20060102T150405")))
	err := writeFileAtomically(path, func(f *os.File) error {
		return db.View(func(tx *bolt.Tx) error {
			_, err := tx.WriteTo(f)
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("back up before the migration: %w", err)
	}
	if err := checkFileLength(path); err != nil {
		return fmt.Errorf("back up before the migration: %w", err)
	}
	copyDB, err := openFile(path, true)
	if err != nil {
		return fmt.Errorf("back up before the migration: %w", err)
	}
	defer copyDB.Close()
	return copyDB.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return fmt.Errorf("back up before the migration: the copy is damaged: %w", err)
		}
		return nil
	})
}
