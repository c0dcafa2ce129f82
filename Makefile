# The two commands of the README: `make run` and `make test`. Both set up what is missing first.
SWIFT ?= swift
RUN_DIR ?= .run
JOBMATCH = .build/release/jobmatch

.PHONY: setup build run topk-demo fixtures test bench bench-build faiss clean

setup:
	@bash scripts/setup.sh

build: setup
	$(SWIFT) build -c release --product jobmatch

# The main job on the embedded default data: the Fixtures dataset (a simulated Thai labour
# market, docs/simulator.md) imported into a new central dataset; an occupation coder trained and
# used to suggest codes for desired jobs given without one; training examples from the events
# with a time split, a scorer trained on them; every seeker ranked under the eligibility rules
# (a few lists printed with their reasons, all of them in the results table and a CSV file); and
# the evaluation against the baselines on the later weeks, with an HTML report (docs/ranking.md).
FEEDS = employers vacancies seekers events ui-registrations copay-graduates copay-vacancies \
	abroad-registrations abroad-trips foreign-notices work-permits
AS_OF = $(shell sed -n 's/.*"asOf" : "\([0-9-]*\)".*/\1/p' Fixtures/truth/truth.json)

run: build
	@mkdir -p $(RUN_DIR)/rejects
	@$(JOBMATCH) --version
	@rm -f $(RUN_DIR)/central.sqlite $(RUN_DIR)/central.sqlite-wal $(RUN_DIR)/central.sqlite-shm
	@for feed in $(FEEDS); do \
		$(JOBMATCH) import --db $(RUN_DIR)/central.sqlite --feed $$feed Fixtures/feeds/$$feed.csv \
			--rejects-dir $(RUN_DIR)/rejects --quiet || exit 1; \
	done
	$(JOBMATCH) coder train --out $(RUN_DIR)/coder.json
	$(JOBMATCH) coder suggest --db $(RUN_DIR)/central.sqlite --coder $(RUN_DIR)/coder.json
	$(JOBMATCH) code --coder $(RUN_DIR)/coder.json --top 3 "ช่างเชื่อม TIG"
	$(JOBMATCH) stats --db $(RUN_DIR)/central.sqlite --as-of $(AS_OF)
	$(JOBMATCH) examples --db $(RUN_DIR)/central.sqlite --out $(RUN_DIR)/examples --quiet
	$(JOBMATCH) train --letor $(RUN_DIR)/examples/train.txt --valid $(RUN_DIR)/examples/valid.txt --tune --out $(RUN_DIR)/model.json
	$(JOBMATCH) rank --db $(RUN_DIR)/central.sqlite --as-of $(AS_OF) --space $(RUN_DIR)/examples/space.jmfs \
		--model $(RUN_DIR)/model.json --out $(RUN_DIR)/ranked.csv --show 3
	$(JOBMATCH) evaluate --db $(RUN_DIR)/central.sqlite --space $(RUN_DIR)/examples/space.jmfs --model $(RUN_DIR)/model.json \
		--truth Fixtures/truth --report $(RUN_DIR)/evaluation.html
	@echo "report: $(RUN_DIR)/evaluation.html"

# Exact top-10 of 10,000 generated query vectors against 100,000 items (dimension 256).
topk-demo: build
	@mkdir -p $(RUN_DIR)
	@test -f $(RUN_DIR)/queries.npy || $(JOBMATCH) vectors --count 10000 --dimension 256 --seed 1 --normalize --out $(RUN_DIR)/queries.npy
	@test -f $(RUN_DIR)/items.npy || $(JOBMATCH) vectors --count 100000 --dimension 256 --seed 2 --normalize --out $(RUN_DIR)/items.npy
	$(JOBMATCH) topk --queries $(RUN_DIR)/queries.npy --items $(RUN_DIR)/items.npy -k 10 \
		--out $(RUN_DIR)/ids.npy --scores $(RUN_DIR)/scores.npy

# Regenerates Fixtures/ (a test checks that this gives the committed files byte for byte).
fixtures: build
	$(JOBMATCH) simulate --seekers 4000 --vacancies 1000 --months 6 --seed 20250101 --out Fixtures --quiet

# Builds everything first: the import tests run the jobmatch executable (to kill it mid-import).
test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Benchmarks (their own package, see Benchmarks/README.md).
bench-build: setup
	cd Benchmarks && $(SWIFT) build -c release

bench: setup
	cd Benchmarks && $(SWIFT) package benchmark --no-progress

# Side by side with FAISS IndexFlatIP (needs `pip install faiss-cpu`).
faiss: build
	python3 Benchmarks/faiss/compare.py --shape small --repeat 3

clean:
	rm -rf .build Benchmarks/.build $(RUN_DIR)
