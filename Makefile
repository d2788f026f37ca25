# Tierline: two commands set up a fresh Debian/Ubuntu machine.
#   make run    installs what is missing, seeds the demo school, opens the app
#   make test   installs what is missing, then gofmt, go vet and every test
#               (and govulncheck, when the vulnerability database is reachable)
SHELL := /bin/bash
export LANG := en_US.UTF-8
# Fyne needs cgo for the real window; tests use its headless driver (-tags ci).
export CGO_ENABLED := 1

GO   ?= go
DATA ?= $(CURDIR)/.tierline
# poppler-utils: the report tests read and render the PDFs they write.
APT_PACKAGES := gcc pkg-config libgl1-mesa-dev xorg-dev poppler-utils
# postgresql: the hub's PostgreSQL tests start a throwaway cluster (initdb, pg_ctl).
APT_PACKAGES += postgresql

.PHONY: deps run build test

# deps installs the C toolchain and the OpenGL/X11 headers Fyne builds
# against, and PostgreSQL for the hub's tests, only when missing: apt-get as
# root, sudo otherwise.
deps:
	@command -v $(GO) >/dev/null || { echo "Go is not installed: get Go 1.26 or newer from https://go.dev/dl/ and run make again."; exit 1; }
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo=sudo; fi; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

build: deps
	$(GO) build -o bin/tierline .

.PHONY: hub
# hub builds the district hub (pure Go: no cgo, no display).
hub:
	CGO_ENABLED=0 $(GO) build -o bin/tierline-hub ./cmd/tierline-hub

run: build
	bin/tierline demo --if-empty --data "$(DATA)"
	bin/tierline --data "$(DATA)"

# STATICCHECK is pinned: a new release's new checks land in a commit, not in CI.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

# audit-deps installs Debian's SciPy (HiGHS MILP) for the privacy audit
# (internal/privacyaudit/attack.py) when missing.
.PHONY: audit-deps
audit-deps:
	@/usr/bin/python3 -c 'import scipy.optimize' 2>/dev/null || { if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo=sudo; fi; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq python3-scipy; }

# TIERLINE_AUDIT=1: the privacy audit fails, not skips, without SciPy.
# TIERLINE_REQUIRE_POSTGRES=1: the hub's PostgreSQL tests fail, not skip,
# when no cluster can start; the hub's tests run again on PostgreSQL.
test: export TIERLINE_AUDIT := 1
test: export TIERLINE_REQUIRE_POSTGRES := 1
test: deps audit-deps
	@unformatted=$$(gofmt -l .); if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet -tags ci ./...
	$(GO) run $(STATICCHECK) -tags ci ./...
	$(GO) test -race -tags ci -timeout 30m ./...
	TIERLINE_HUB_STORE=postgres $(GO) test -race -tags ci -timeout 30m ./sync/hub/...
	$(GO) build -o /dev/null .
	CGO_ENABLED=0 $(GO) build -o /dev/null ./cmd/tierline-hub
	@$(MAKE) --no-print-directory vuln-if-reachable

.PHONY: vuln vuln-if-reachable
# GOVULNCHECK is pinned like staticcheck; it reads the Go vulnerability
# database at VULNDB and reports only the vulnerable code Tierline calls.
GOVULNCHECK := golang.org/x/vuln/cmd/govulncheck@v1.9.0
VULNDB := https://vuln.go.dev
vuln:
	$(GO) run $(GOVULNCHECK) -db $(VULNDB) -tags ci ./...

# vuln-if-reachable runs vuln when the database answers within 5 s, and
# otherwise says it was skipped and why (an offline machine, or a CI that
# reaches only the module proxy): make test calls it.
vuln-if-reachable:
	@if ! command -v curl >/dev/null; then \
		echo "make vuln: skipped: curl is not installed, so whether $(VULNDB) is reachable cannot be asked"; \
	elif why=$$(curl -fsS --max-time 5 -o /dev/null $(VULNDB)/index/db.json 2>&1); then \
		$(MAKE) --no-print-directory vuln; \
	else \
		echo "make vuln: skipped: the vulnerability database $(VULNDB) is not reachable ($$why)"; \
	fi

.PHONY: screenshots
# screenshots renders every screen of the demo school, light and dark, to
# screenshots/ with Fyne's test driver (no display needed).
screenshots:
	TIERLINE_SCREENSHOTS="$(CURDIR)/screenshots" $(GO) test -tags ci -count=1 -run TestScreenshots ./app/

.PHONY: hub-screenshot
# hub-screenshot renders the hub's dashboard for a district of three demo
# schools and photographs it with headless Chromium (installed if missing).
HUB_PAGES := $(CURDIR)/screenshots
hub-screenshot:
	@command -v chromium >/dev/null || { if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo=sudo; fi; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq chromium; }
	TIERLINE_HUB_PAGES="$(HUB_PAGES)" $(GO) test -tags ci -count=1 -run TestHubScreenshot ./sync/hub/
	@for page in hub-district hub-school hub-admin; do \
		chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
			--disable-component-update --window-size=1280,2600 --screenshot="$(HUB_PAGES)/$$page.png" \
			"file://$(HUB_PAGES)/$$page.html" 2>/dev/null; \
		echo "$(HUB_PAGES)/$$page.png"; \
	done

.PHONY: fuzz crash-test load-test
# fuzz runs every fuzz target for FUZZTIME (60 s; CI uses 10 s). New
# interesting inputs stay in Go's cache; the seed corpora are in testdata/fuzz.
FUZZTIME ?= 60s
FUZZ_TARGETS := ./data:FuzzParseDate ./data/importer:FuzzCSVReaders ./data:FuzzParseNumber \
	./data/importer:FuzzVendorLayouts ./data/spreadsheet:FuzzRoundTrip \
	./sync/summary:FuzzDecode ./sync/summary:FuzzValidate ./sync/summary:FuzzPerturb ./app:FuzzFormNumbers
# A target fails when it writes a failing input to testdata/fuzz; Go 1.26's
# coordinator can also end a run with "context deadline exceeded" and no
# input (go.dev/issue/75804, fixed in Go 1.27), which is reported, not failed.
fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t#*:}; corpus=$$pkg/testdata/fuzz/$$name; \
		before=$$(ls $$corpus 2>/dev/null | wc -l); log=$$(mktemp); \
		if $(GO) test -tags ci -run '^$$' -fuzz "^$$name$$" -fuzztime $(FUZZTIME) "$$pkg" >$$log 2>&1; then \
			echo "$$name: $$(grep -o 'execs: [0-9]*' $$log | sort -k2 -n | tail -1) in $(FUZZTIME) (at least: workers report in batches)"; \
		elif [ "$$(ls $$corpus 2>/dev/null | wc -l)" = "$$before" ] && grep -q "context deadline exceeded" $$log; then \
			echo "$$name: $$(grep -o 'execs: [0-9]*' $$log | sort -k2 -n | tail -1) in $(FUZZTIME); ended by Go's deadline race (go.dev/issue/75804), no failing input"; \
		else \
			cat $$log; rm -f $$log; exit 1; \
		fi; \
		rm -f $$log; \
	done

# crash-test kills a writing Tierline 200 times and checks nothing
# acknowledged is lost (make test runs 20 kills).
crash-test:
	TIERLINE_CRASH=1 $(GO) test -tags ci -count=1 -run 'TestCrashKillsLoseNothing' -v -timeout 30m ./data/store/ | grep -E "kills survived|^(ok|FAIL|---)"

.PHONY: windows linux fyne-tool
# Packages: dist/Tierline.exe (Windows, cross-built with mingw-w64) and
# dist/Tierline.tar.xz (Linux, with the .desktop file and icon), both by
# `fyne package`, which takes the name, id, version and icon from FyneApp.toml.
FYNE ?= $(shell $(GO) env GOPATH)/bin/fyne
FYNE_TOOLS_VERSION := v1.7.4
# fyne package bumps the build number in FyneApp.toml: keep the file as committed.
KEEP_TOML := cp FyneApp.toml .FyneApp.toml.keep &&
RESTORE_TOML := ; status=$$?; mv -f .FyneApp.toml.keep FyneApp.toml; exit $$status
fyne-tool:
	@test -x $(FYNE) || $(GO) install fyne.io/tools/cmd/fyne@$(FYNE_TOOLS_VERSION)

windows: deps fyne-tool
	@dpkg -s gcc-mingw-w64-x86-64 >/dev/null 2>&1 || { if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo=sudo; fi; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq gcc-mingw-w64-x86-64; }
	$(KEEP_TOML) CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc $(FYNE) package -os windows -release $(RESTORE_TOML)
	mkdir -p dist && mv -f Tierline.exe dist/Tierline.exe
	@file dist/Tierline.exe | grep -q "PE32+ executable (GUI) x86-64" || { file dist/Tierline.exe; echo "dist/Tierline.exe is not a Windows GUI executable"; exit 1; }
	@echo "dist/Tierline.exe: $$(file -b dist/Tierline.exe)"

linux: deps fyne-tool
	$(KEEP_TOML) $(FYNE) package -os linux -release $(RESTORE_TOML)
	mkdir -p dist && mv -f Tierline.tar.xz dist/Tierline.tar.xz
	@tar -tJf dist/Tierline.tar.xz | grep -q "share/applications/.*\.desktop" || { echo "the tarball has no .desktop file"; exit 1; }
	@echo "dist/Tierline.tar.xz: $$(tar -tJf dist/Tierline.tar.xz | tr '\n' ' ')"

# load-test: 50 schools send for 30 s through a network that delays, resets
# and fails requests; nothing may be lost or stored twice (make test: 20 for 1.5 s).
load-test:
	TIERLINE_LOAD=1 $(GO) test -tags ci -count=1 -run 'TestHubUnderLoadAndFaults' -v -timeout 10m ./sync/hub/ | grep -E "schools,|^(ok|FAIL|---)"

.PHONY: hub-scale
# hub-scale posts 3,000 schools × 10 years × 3 windows through the API to a
# tierline-hub process on bbolt and on PostgreSQL (a throwaway durable
# cluster), then measures ingest, restart, RSS, the district page and the
# export (BENCHMARKS.md). TIERLINE_SCALE_SCHOOLS=300 runs a tenth of it.
hub-scale: deps
	TIERLINE_REQUIRE_POSTGRES=1 $(GO) test -run '^$$' -bench BenchmarkHubScale -benchtime 1x -timeout 6h ./cmd/tierline-hub/ | tee bench/hub-scale.txt

.PHONY: bench bench-peers
# bench runs every package's Go benchmarks (the large demo school where a
# school is needed) five times and keeps the output, in benchstat's format,
# in bench/results.txt.
bench:
	$(GO) test -tags ci -run '^$$' -bench . -benchmem -count 5 -timeout 60m ./... | tee bench/results.txt

# bench-peers measures Tierline beside sqlite3 and matplotlib (bench/peers.sh).
bench-peers:
	bench/peers.sh
