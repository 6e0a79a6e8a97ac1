# strata: two commands set everything up on a fresh Debian machine.
#   make demo   builds strata and runs the main job on the built-in demo data
#   make test   runs the test suite
SHELL := /bin/bash
SWIFT ?= swift
STRATA := .build/release/strata

# Debian packages the build, the tests and the demo need.
APT_PACKAGES := pkg-config libyaml-dev libavformat-dev libavcodec-dev libavutil-dev libswscale-dev ffmpeg libopenblas-dev libopenmpi-dev openmpi-bin

.PHONY: setup build release test demo bench clean

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

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release

test: setup
	$(SWIFT) test

demo: release
	@bash scripts/demo.sh $(STRATA)

bench: release
	@bash bench/run.sh $(STRATA)

clean:
	rm -rf .build outputs
