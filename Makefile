# Tierline: two commands set up a fresh Debian/Ubuntu machine.
#   make run    installs what is missing, seeds the demo school, opens the app
#   make test   installs what is missing, then gofmt, go vet and every test
SHELL := /bin/bash
export LANG := en_US.UTF-8
# Fyne needs cgo for the real window; tests use its headless driver (-tags ci).
export CGO_ENABLED := 1

GO   ?= go
DATA ?= $(CURDIR)/.tierline
APT_PACKAGES := gcc pkg-config libgl1-mesa-dev xorg-dev

.PHONY: deps run build test

# deps installs the C toolchain and the OpenGL/X11 headers Fyne builds
# against, only when missing: apt-get as root, sudo otherwise.
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

test: deps
	@unformatted=$$(gofmt -l .); if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) test -race -tags ci ./...
	$(GO) build -o /dev/null .
	CGO_ENABLED=0 $(GO) build -o /dev/null ./cmd/tierline-hub

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
