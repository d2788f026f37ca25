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

run: build
	bin/tierline demo --if-empty --data "$(DATA)"
	bin/tierline --data "$(DATA)"

test: deps
	@unformatted=$$(gofmt -l .); if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) test -race -tags ci ./...
	$(GO) build -o /dev/null .

.PHONY: screenshots
# screenshots renders every screen of the demo school, light and dark, to
# screenshots/ with Fyne's test driver (no display needed).
screenshots:
	TIERLINE_SCREENSHOTS="$(CURDIR)/screenshots" $(GO) test -tags ci -count=1 -run TestScreenshots ./app/
