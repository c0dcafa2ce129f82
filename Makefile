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
# market, docs/simulator.md) imported into a new central dataset, an occupation coder trained and
# used to suggest codes for desired jobs given without one, its day snapshot counted, a
# feature space fitted on it, seekers and vacancies encoded, and every seeker's top 10 vacancies by
# feature similarity. The pipeline (issue 7) will add rules, the scorer and reasons here.
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
	$(JOBMATCH) features fit --db $(RUN_DIR)/central.sqlite --as-of $(AS_OF) --out $(RUN_DIR)/space.jmfs
	$(JOBMATCH) features encode --db $(RUN_DIR)/central.sqlite --as-of $(AS_OF) --space $(RUN_DIR)/space.jmfs \
		--for seekers --out $(RUN_DIR)/seekers.npy --keys $(RUN_DIR)/seeker-keys.npy
	$(JOBMATCH) features encode --db $(RUN_DIR)/central.sqlite --as-of $(AS_OF) --space $(RUN_DIR)/space.jmfs \
		--for vacancies --out $(RUN_DIR)/vacancies.npy --keys $(RUN_DIR)/vacancy-keys.npy
	$(JOBMATCH) topk --queries $(RUN_DIR)/seekers.npy --items $(RUN_DIR)/vacancies.npy -k 10 \
		--out $(RUN_DIR)/top10.npy --scores $(RUN_DIR)/top10-scores.npy
	$(JOBMATCH) examples --db $(RUN_DIR)/central.sqlite --out $(RUN_DIR)/examples --quiet
	$(JOBMATCH) features tune --db $(RUN_DIR)/central.sqlite --space $(RUN_DIR)/examples/space.jmfs \
		--out $(RUN_DIR)/tuned.jmfs --k 10 --quiet
	$(JOBMATCH) train --letor $(RUN_DIR)/examples/train.txt --valid $(RUN_DIR)/examples/valid.txt --out $(RUN_DIR)/model.json
	$(JOBMATCH) evaluate --letor $(RUN_DIR)/examples/test.txt --model $(RUN_DIR)/model.json

# Exact top-10 of 10,000 generated query vectors against 100,000 items (dimension 256).
topk-demo: build
	@mkdir -p $(RUN_DIR)
	@test -f $(RUN_DIR)/queries.npy || $(JOBMATCH) vectors --count 10000 --dimension 256 --seed 1 --normalize --out $(RUN_DIR)/queries.npy
	@test -f $(RUN_DIR)/items.npy || $(JOBMATCH) vectors --count 100000 --dimension 256 --seed 2 --normalize --out $(RUN_DIR)/items.npy
	$(JOBMATCH) topk --queries $(RUN_DIR)/queries.npy --items $(RUN_DIR)/items.npy -k 10 \
		--out $(RUN_DIR)/ids.npy --scores $(RUN_DIR)/scores.npy

# Regenerates Fixtures/ (a test checks that this gives the committed files byte for byte).
fixtures: build
	$(JOBMATCH) simulate --seekers 2000 --vacancies 500 --months 6 --seed 20250101 --out Fixtures --quiet

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
