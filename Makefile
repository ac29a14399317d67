# Schemaforge. Two commands for a newcomer:
#   make run   installs what is missing, then serves the app on http://127.0.0.1:8080
#   make test  installs what is missing, then runs every test tier
# Every setup step checks first and installs only what is missing, so a second run is quick.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# wasm-opt comes from npm's binaryen (tools/wasm-opt); it must come first on PATH for Trunk.
export PATH := $(CURDIR)/tools/wasm-opt/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

TRUNK_VERSION := 0.21.14
# wasm-bindgen-cli must match the wasm-bindgen crate exactly; read it from Cargo.lock.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
CHROMIUM := /usr/bin/chromium
CHROMEDRIVER := /usr/bin/chromedriver
E2E := tests/e2e
OUT := test-output
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

FUZZ_SECONDS ?= 60
FUZZ_TARGETS := import_sql import_dbml open_file import_documents share_link

.PHONY: help run test setup setup-web setup-rust setup-trunk setup-wasm-bindgen setup-debian setup-sarif \
        setup-wasm-opt setup-twiggy setup-node setup-engines setup-peers setup-editor setup-fuzz setup-oracle lint test-migrations-long test-native test-wasm test-e2e test-fuzz fuzz dist size summary bench bench-layout bench-edit-wasm bench-infer-wasm bench-browser

help:
	@echo "make run    install what is missing, serve the app on http://127.0.0.1:8080"
	@echo "make test   install what is missing, run every test tier"
	@echo "make size   build the release app, print its gzipped size and the wasm by crate"
	@echo "make bench  run the native benchmarks (import, DDL generation, edits, lint, discovery)"
	@echo "make bench-layout  the layout next to elkjs and dagre (native, wasm in node)"
	@echo "make bench-edit-wasm  the edit and lint benchmarks built to wasm, timed in node"
	@echo "make bench-infer-wasm  document inference built to wasm next to mongodb-schema, in node"
	@echo "make bench-browser  frame times in headless Chromium: 1,000-table pan and zoom, 50 MB import"
	@echo "make fuzz   fuzz every importer for FUZZ_SECONDS (60) each, keeping the corpus"

# ---- setup ---------------------------------------------------------------------------------

setup-rust:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  || rustup target add wasm32-unknown-unknown

setup-trunk:
	@trunk --version 2>/dev/null | grep -qF "trunk $(TRUNK_VERSION)" \
	  || cargo install trunk --version $(TRUNK_VERSION) --locked

# twiggy, the wasm code size profiler, for `make size` only.
TWIGGY_VERSION := 0.8.0
setup-twiggy:
	@twiggy --version 2>/dev/null | grep -qF " $(TWIGGY_VERSION)" \
	  || cargo install twiggy --version $(TWIGGY_VERSION) --locked

setup-wasm-bindgen:
	@grep -qF 'wasm_bindgen = "$(WASM_BINDGEN_VERSION)"' Trunk.toml \
	  || { echo "Trunk.toml [tools] wasm_bindgen must be $(WASM_BINDGEN_VERSION), the version in Cargo.lock"; exit 1; }
	@wasm-bindgen --version 2>/dev/null | grep -qF " $(WASM_BINDGEN_VERSION)" \
	  || cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)

# Headless Chromium and its driver, from Debian's packages.
setup-debian:
	@if [ ! -x $(CHROMIUM) ] || [ ! -x $(CHROMEDRIVER) ]; then \
	  $(SUDO) apt-get update -q \
	  && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium chromium-driver; \
	fi

# wasm-opt from npm's binaryen, pinned in tools/wasm-opt (see its package.json for why).
setup-wasm-opt:
	@[ -x tools/wasm-opt/node_modules/.bin/wasm-opt ] || (cd tools/wasm-opt && npm ci --no-audit --no-fund)

setup-node:
	@[ -d $(E2E)/node_modules/playwright-core ] && [ -f $(E2E)/node_modules/mermaid/dist/mermaid.min.js ] \
	  && [ -d $(E2E)/node_modules/marked ] && [ -d $(E2E)/node_modules/axe-core ] \
	  || (cd $(E2E) && npm ci --no-audit --no-fund)

# cargo-fuzz runs on the stable toolchain with --sanitizer none (a panic still aborts).
setup-fuzz:
	@cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked

# PGlite and sql.js from npm (tools/engines): node runs PGlite for `verify --engine pglite`
# and the tests; the browser loads both from dist/engines when a Verify button is pressed, and
# with PGlite the contrib extensions (pg_trgm, uuid-ossp, cube, ...) that a script creates.
ENGINES := tools/engines/node_modules
VENDOR := vendor/engines
setup-engines:
	@[ -d $(ENGINES)/@electric-sql/pglite ] && [ -d $(ENGINES)/sql.js ] \
	  || (cd tools/engines && npm ci --no-audit --no-fund)
	@if [ ! -f $(VENDOR)/pglite/pglite.wasm ] || [ ! -f $(VENDOR)/pglite/contrib/pg_trgm.js ] \
	    || [ ! -f $(VENDOR)/sqljs/sql-wasm.wasm ]; then \
	  rm -rf $(VENDOR) && mkdir -p $(VENDOR)/pglite/contrib $(VENDOR)/sqljs \
	  && cp $(ENGINES)/@electric-sql/pglite/dist/{index.js,chunk-*.js,pglite.wasm,pglite.data,initdb.wasm,initdb.js,*.tar.gz} $(VENDOR)/pglite/ \
	  && cp $(ENGINES)/@electric-sql/pglite/dist/contrib/*.js $(VENDOR)/pglite/contrib/ \
	  && cp $(ENGINES)/sql.js/dist/{sql-wasm.js,sql-wasm.wasm} $(VENDOR)/sqljs/; \
	fi

# Other people's tools the tests check against, never bundled (tools/peers): squawk-cli and
# dbmate from npm, whose platform packages carry the binaries.
setup-peers:
	@[ -x tools/peers/node_modules/@squawk-cli/linux-x64/bin/squawk ] \
	  && [ -x tools/peers/node_modules/@dbmate/linux-x64/bin/dbmate ] \
	  && [ -d tools/peers/node_modules/mongodb-schema ] && [ -d tools/peers/node_modules/mingo ] \
	  || (cd tools/peers && npm ci --no-audit --no-fund)

# Desbordante (PyPI, AGPL) in a virtualenv under target/: the test oracle for dependency
# discovery and the benchmark's comparison, never bundled. sqlfluff (PyPI, MIT) beside it:
# its T-SQL grammar reads the SQL Server migrations, since no SQL Server runs here. jsonschema
# and pymongo (PyPI): MongoDB's $jsonSchema checked independently, since no MongoDB runs. The
# oracle tests run this target themselves when the virtualenv is missing.
ORACLE := target/oracle-venv
DESBORDANTE_VERSION := 2.5.0
SQLFLUFF_VERSION := 4.5.0
JSONSCHEMA_VERSION := 4.26.0
PYMONGO_VERSION := 4.20.1
setup-oracle:
	@$(ORACLE)/bin/python -c 'import desbordante, sqlfluff, jsonschema, bson' 2>/dev/null \
	  || { python3 -m venv $(ORACLE) && $(ORACLE)/bin/pip install -q desbordante==$(DESBORDANTE_VERSION) \
	       sqlfluff==$(SQLFLUFF_VERSION) jsonschema==$(JSONSCHEMA_VERSION) pymongo==$(PYMONGO_VERSION); }

# Microsoft's SARIF Multitool from npm (tools/sarif), test-only: the CLI test validates the
# SARIF that `lint --format sarif` writes with it, against the schema and GitHub code
# scanning's rules. npm does not run its install script, which only marks the binary
# executable; this does.
SARIF_TOOL := tools/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
setup-sarif:
	@[ -f $(SARIF_TOOL) ] || (cd tools/sarif && npm ci --no-audit --no-fund)
	@chmod u+x $(SARIF_TOOL)

# The code editor: CodeMirror 6 from npm (tools/editor), bundled by esbuild into vendor/editor,
# which Trunk copies into dist. Rebuilt when its sources or their versions change.
EDITOR_BUNDLE := vendor/editor/schemaforge-editor.js
setup-editor: $(EDITOR_BUNDLE)
$(EDITOR_BUNDLE): tools/editor/build.mjs tools/editor/package-lock.json $(wildcard tools/editor/src/*.js)
	@[ -d tools/editor/node_modules/@codemirror/view ] && [ tools/editor/node_modules/.package-lock.json -nt tools/editor/package-lock.json ] \
	  || (cd tools/editor && npm ci --no-audit --no-fund)
	@cd tools/editor && node build.mjs

setup-web: setup-rust setup-trunk setup-wasm-bindgen setup-wasm-opt setup-debian setup-engines setup-editor
setup: setup-web setup-node setup-fuzz setup-oracle setup-sarif setup-peers

# ---- run -----------------------------------------------------------------------------------

run: setup-web
	trunk serve --offline

# ---- build ---------------------------------------------------------------------------------

dist: setup-web
	trunk build --release --offline

APP_WASM := target/wasm32-unknown-unknown/wasm-release/schemaforge-web.wasm
# The release app's size, and where the wasm's bytes come from, crate by crate (twiggy on
# the build before wasm-opt, which still has its function names; tools/size/by_crate.py).
size: dist setup-twiggy
	@js=$$(ls dist/schemaforge-web-*.js); wasm=$$(ls dist/*.wasm); \
	 jz=$$(gzip -9c $$js | wc -c); wz=$$(gzip -9c $$wasm | wc -c); \
	 echo "release wasm: $$(wc -c < $$wasm) bytes, $$wz gzipped"; \
	 echo "release js:   $$(wc -c < $$js) bytes, $$jz gzipped"; \
	 ez=$$(gzip -9c $(EDITOR_BUNDLE) | wc -c); \
	 echo "loaded at start (wasm+js) gzipped: $$(( (jz + wz) / 1024 )) KiB (budget 700 KiB)"; \
	 echo "loaded on first use: code editor $$(wc -c < $(EDITOR_BUNDLE)) bytes, $$ez gzipped"
	@echo; echo "the wasm by crate:"
	@twiggy top -n 1000000 --format csv $(APP_WASM) | python3 tools/size/by_crate.py 25

bench:
	cargo bench --no-default-features --bench import
	cargo bench --no-default-features --bench ddl
	cargo bench --no-default-features --bench edit
	cargo bench --no-default-features --bench lint
	cargo bench --no-default-features --bench migrate
	cargo bench --no-default-features --bench infer
	$(MAKE) --no-print-directory setup-oracle
	cargo bench --no-default-features --bench fds

# The edit benchmark as the browser runs it: the engine built to wasm (at the app's size
# setting), timed in node.
EDIT_WASM := target/wasm32-unknown-unknown/release/edit_wasm.wasm
bench-edit-wasm: setup-rust setup-wasm-bindgen
	cargo build --release --target wasm32-unknown-unknown --manifest-path benches/edit-wasm/Cargo.toml --target-dir target
	wasm-bindgen --target nodejs --out-dir target/edit-bench/wasm $(EDIT_WASM)
	node benches/edit-wasm/run.mjs target/edit-bench/wasm

# Inference from sample documents as the browser runs it (the engine built to wasm, timed in
# node) next to npm's mongodb-schema on the same 100,000 documents, in one run.
INFER_WASM := target/wasm32-unknown-unknown/release/infer_wasm.wasm
bench-infer-wasm: setup-rust setup-wasm-bindgen setup-peers
	cargo build --release --target wasm32-unknown-unknown --manifest-path benches/infer-wasm/Cargo.toml --target-dir target
	wasm-bindgen --target nodejs --out-dir target/infer-bench/wasm $(INFER_WASM)
	node benches/infer-wasm/run.mjs target/infer-bench/wasm

# Frame times in headless Chromium (the release build in dist/): panning and zooming a
# 1,000-table diagram and importing a 50 MB dump, ROUNDS (3) times each. The e2e tests run
# the same scenarios and check what they do; times depend on the machine, so only this
# benchmark measures them.
bench-browser: dist setup-node
	cargo build --no-default-features --features cli --bin schemaforge
	SCHEMAFORGE=$(CURDIR)/target/debug/schemaforge node benches/browser/run.mjs

# The layout side by side with elkjs and dagre (npm, benches/layout), and this engine built
# to wasm and run in node; the table goes to target/layout-bench/results.md.
LAYOUT_WASM := target/wasm32-unknown-unknown/release/layout_wasm.wasm
bench-layout: setup-rust setup-wasm-bindgen
	@[ -d benches/layout/node_modules/elkjs ] || (cd benches/layout && npm ci --no-audit --no-fund)
	cargo build --release --target wasm32-unknown-unknown --manifest-path benches/layout-wasm/Cargo.toml --target-dir target
	wasm-bindgen --target nodejs --out-dir target/layout-bench/wasm $(LAYOUT_WASM)
	cargo bench --no-default-features --bench layout

# ---- tests ---------------------------------------------------------------------------------

test: setup
	@rm -rf $(OUT) && mkdir -p $(OUT)
	@$(MAKE) --no-print-directory lint test-native test-wasm test-e2e test-fuzz
	@$(MAKE) --no-print-directory summary

lint:
	cargo fmt --all -- --check
	cargo clippy --no-default-features --features cli --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --workspace --all-targets -- -D warnings

# The engine and the command line, natively, without the UI.
test-native:
	cargo test --no-default-features --features cli 2>&1 | tee $(OUT)/native.log

# The migration property test at length: 2,000 random version pairs per engine instead of
# the gate's 200 (SQLite, PGlite, and the PostgreSQL server where one listens).
test-migrations-long:
	SCHEMAFORGE_MIGRATION_PAIRS=2000 cargo test --no-default-features --features cli \
	  --test migrate_engines -- --nocapture

# wasm-bindgen-test in headless Chromium (webdriver.json holds the browser's flags).
test-wasm:
	CHROMEDRIVER=$(CHROMEDRIVER) WASM_BINDGEN_TEST_TIMEOUT=120 \
	  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	  cargo test --target wasm32-unknown-unknown --test web 2>&1 | tee $(OUT)/wasm.log

# Playwright (playwright-core + Debian's Chromium) against the release build in dist/.
# The e2e tests generate their large schemas with the command-line tool.
test-e2e: dist setup-node
	cargo build --no-default-features --features cli --bin schemaforge
	cd $(E2E) && SCHEMAFORGE=$(CURDIR)/target/debug/schemaforge node --test --test-concurrency=1 --test-reporter=tap 2>&1 | tee ../../$(OUT)/e2e.log

# The fuzz gate in `make test`, per target: first every input that ever crashed a target
# (fuzz/regressions/<target>/) and the shared corpus's SQL (and DBML) files are replayed,
# then libFuzzer explores from them for a fixed number of runs from a fixed seed, so the
# same commit gives the same result, and prints the same figures, on every machine (the
# runs are sized to about a minute per target on 2 cores). Two libFuzzer habits would make
# the exploration differ run to run, measured here: `-reload=0`, since it otherwise re-reads
# its corpus directory every second (what it explores depends on time); `-use_cmp=0`, since
# the comparisons it traces for mutations include pointers (every slice iterator compares
# two), whose values change with address-space randomisation; `-entropic=0`, since the
# entropic schedule breaks ties by coverage-counter index, and those indices follow how the
# binary is laid out, which differs with the folder it is built in.
# Any crash fails the run; the
# crashing input is copied to test-output/fuzz-crashes/ and printed in hex, so it can be
# replayed with `cargo fuzz run --sanitizer none <target> <file>` and kept in
# fuzz/regressions/<target>/. Open-ended, time-boxed exploration is `make fuzz`.
FUZZ_SEED ?= 1
FUZZ_RUNS_import_sql ?= 90000
FUZZ_RUNS_import_dbml ?= 120000
FUZZ_RUNS_open_file ?= 20000
FUZZ_RUNS_import_documents ?= 300000
FUZZ_RUNS_share_link ?= 30000
test-fuzz:
	@mkdir -p $(OUT) && rm -f $(OUT)/fuzz.log
	@for t in $(FUZZ_TARGETS); do \
	  corpus=$$(mktemp -d); \
	  runs=$$(case $$t in import_sql) echo $(FUZZ_RUNS_import_sql);; import_dbml) echo $(FUZZ_RUNS_import_dbml);; import_documents) echo $(FUZZ_RUNS_import_documents);; share_link) echo $(FUZZ_RUNS_share_link);; *) echo $(FUZZ_RUNS_open_file);; esac); \
	  find ../shared/corpus/sql -name '*.sql' -size -64k -exec cp {} $$corpus/ \; ; \
	  if [ $$t = import_dbml ]; then find ../shared/corpus/dbml -name '*.dbml' -exec cp {} $$corpus/ \; ; fi; \
	  if [ $$t = import_documents ]; then find ../shared/corpus/mongo ../shared/corpus/jsonschema -name '*.json' -size -64k -exec cp {} $$corpus/ \; ; fi; \
	  if [ -d fuzz/seeds/$$t ]; then cp fuzz/seeds/$$t/* $$corpus/; fi; \
	  if [ -d fuzz/regressions/$$t ]; then cp fuzz/regressions/$$t/* $$corpus/; fi; \
	  inputs=$$(ls $$corpus | wc -l); \
	  artifacts=$(CURDIR)/$(OUT)/fuzz-crashes/$$t/; mkdir -p $$artifacts; \
	  echo "fuzz $$t: replaying $$inputs inputs, then $$runs runs from seed $(FUZZ_SEED)"; \
	  (cd fuzz && cargo fuzz run --sanitizer none $$t $$corpus -- -runs=0 -max_len=1048576 \
	      -artifact_prefix=$$artifacts 2>&1 \
	    && cargo fuzz run --sanitizer none $$t $$corpus -- -seed=$(FUZZ_SEED) \
	      -runs=$$runs -reload=0 -use_cmp=0 -entropic=0 -max_len=8192 -rss_limit_mb=4096 \
	      -timeout=30 \
	      -artifact_prefix=$$artifacts -print_final_stats=1 2>&1) > $(OUT)/fuzz-$$t.log \
	    || { tail -n 40 $(OUT)/fuzz-$$t.log; \
	         for f in $$artifacts*; do [ -f "$$f" ] && { echo "crashing input $$f:"; od -An -tx1 -v "$$f" | head -n 200; }; done; \
	         echo "fuzz $$t: CRASH"; rm -rf $$corpus; exit 1; }; \
	  done_runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $(OUT)/fuzz-$$t.log); \
	  cov=$$(grep -E '^#[0-9]+' $(OUT)/fuzz-$$t.log | tail -n 1 | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' || true); \
	  rm -rf $$corpus; \
	  echo "fuzz $$t: $$inputs inputs replayed, $$done_runs runs from seed $(FUZZ_SEED) ($$cov), no crash" | tee -a $(OUT)/fuzz.log; \
	done

# Open-ended fuzzing for FUZZ_SECONDS per target, keeping what it explores in fuzz/corpus.
# A crash is minimised (`cargo fuzz tmin`) and kept in fuzz/regressions/<target>/, which the
# gate in `make test` replays from then on.
fuzz: setup-fuzz
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p fuzz/corpus/$$t fuzz/regressions/$$t; \
	  find ../shared/corpus/sql -name '*.sql' -size -64k -exec cp {} fuzz/corpus/$$t/ \; ; \
	  if [ $$t = import_dbml ]; then find ../shared/corpus/dbml -name '*.dbml' -exec cp {} fuzz/corpus/$$t/ \; ; fi; \
	  if [ $$t = import_documents ]; then find ../shared/corpus/mongo ../shared/corpus/jsonschema -name '*.json' -size -64k -exec cp {} fuzz/corpus/$$t/ \; ; fi; \
	  if [ -d fuzz/seeds/$$t ]; then cp fuzz/seeds/$$t/* fuzz/corpus/$$t/; fi; \
	  if (cd fuzz && cargo fuzz run --sanitizer none $$t -- -max_len=8192 -max_total_time=$(FUZZ_SECONDS)); then continue; fi; \
	  crash=$$( (ls -t fuzz/artifacts/$$t/crash-* fuzz/artifacts/$$t/timeout-* fuzz/artifacts/$$t/oom-* 2>/dev/null || true) | head -n 1); \
	  [ -n "$$crash" ] || { echo "fuzz $$t failed without a crashing input"; exit 1; }; \
	  (cd fuzz && cargo fuzz tmin --sanitizer none --runs 2000 $$t ../$$crash) || true; \
	  min=$$( (ls -t fuzz/artifacts/$$t/minimized-from-* 2>/dev/null || true) | head -n 1); \
	  kept=fuzz/regressions/$$t/$$(basename $${min:-$$crash}); \
	  cp $${min:-$$crash} $$kept; \
	  echo "fuzz $$t crashed: the input is kept as $$kept; fix it, then commit the input"; exit 1; \
	done

# One closing line over every tier: "N passed, N failed".
summary:
	@awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($$(i+1) ~ /^passed/) p += $$i; if ($$(i+1) ~ /^failed/) f += $$i } } \
	      /^# pass / { p += $$3 } /^# fail / { f += $$3 } /^fuzz .*, no crash$$/ { p += 1 } \
	      END { printf "tiers: native, wasm (headless Chromium), e2e (Playwright), fuzz\n%d passed, %d failed\n", p, f; exit (f > 0) }' \
	  $(OUT)/native.log $(OUT)/wasm.log $(OUT)/e2e.log $(OUT)/fuzz.log
