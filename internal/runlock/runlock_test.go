package runlock

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
)

func TestASecondHolderIsRefusedWithThePid(t *testing.T) {
	dir := t.TempDir()
	first, err := Acquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Acquire(dir)
	if !errors.Is(err, ErrHeld) || !strings.Contains(err.Error(), "by process "+strconv.Itoa(os.Getpid())) || !strings.Contains(err.Error(), dir) {
		t.Fatalf("second Acquire: %v, want one naming %s and process %d", err, dir, os.Getpid())
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	second, err := Acquire(dir)
	if err != nil {
		t.Fatalf("Acquire after Release: %v", err)
	}
	second.Release()
	if err := second.Release(); err != nil {
		t.Fatalf("a second Release: %v", err)
	}
}

func TestAcquireOfAMissingFolder(t *testing.T) {
	if _, err := Acquire(t.TempDir() + "/missing"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("error %v, want a not-exist error", err)
	}
}
