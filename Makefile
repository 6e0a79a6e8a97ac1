# strata: two commands set everything up on a fresh Debian machine.
#   make demo   builds strata and runs the main job on the built-in demo data
#   make test   runs the test suite
SHELL := /bin/bash
SWIFT ?= swift
STRATA := .build/release/strata
# `make install PREFIX=~/.local` puts strata (and the programs it runs) in PREFIX/bin.
PREFIX ?= /usr/local

# Debian packages the build, the tests and the demo need.
APT_PACKAGES := pkg-config libyaml-dev libavformat-dev libavcodec-dev libavutil-dev libswscale-dev ffmpeg libopenblas-dev libopenmpi-dev openmpi-bin graphviz

.PHONY: setup build release install test demo bench clean

setup:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# strata.commit beside the executables: the commit `strata --version` names, without git at run time.
build: setup
	$(SWIFT) build
	@git rev-parse HEAD > .build/debug/strata.commit 2>/dev/null || rm -f .build/debug/strata.commit

release: setup
	$(SWIFT) build -c release
	@git rev-parse HEAD > .build/release/strata.commit 2>/dev/null || rm -f .build/release/strata.commit

install: release
	install -d $(PREFIX)/bin
	install -m 755 .build/release/strata .build/release/strata-data .build/release/strata-train $(PREFIX)/bin/
	@if [ -f .build/release/strata.commit ]; then install -m 644 .build/release/strata.commit $(PREFIX)/bin/; fi
	@echo "installed strata in $(PREFIX)/bin"

test: setup
	$(SWIFT) test

demo: release
	@bash scripts/demo.sh $(STRATA)

bench: release
	@bash bench/run.sh $(STRATA)

clean:
	rm -rf .build outputs
