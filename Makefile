# The two commands of the README: `make run` and `make test`. Both set up what is missing first.
SWIFT ?= swift
RUN_DIR ?= .run
JOBMATCH = .build/release/jobmatch

.PHONY: setup build run test bench bench-build faiss clean

setup:
	@bash scripts/setup.sh

build: setup
	$(SWIFT) build -c release --product jobmatch

# The main job on the embedded default data. For now: exact top-10 for 10,000 query vectors
# against 100,000 item vectors of dimension 256 (generated, seeded), written as .npy files.
run: build
	@mkdir -p $(RUN_DIR)
	@$(JOBMATCH) --version
	@test -f $(RUN_DIR)/queries.npy || $(JOBMATCH) vectors --count 10000 --dimension 256 --seed 1 --normalize --out $(RUN_DIR)/queries.npy
	@test -f $(RUN_DIR)/items.npy || $(JOBMATCH) vectors --count 100000 --dimension 256 --seed 2 --normalize --out $(RUN_DIR)/items.npy
	$(JOBMATCH) topk --queries $(RUN_DIR)/queries.npy --items $(RUN_DIR)/items.npy -k 10 \
		--out $(RUN_DIR)/ids.npy --scores $(RUN_DIR)/scores.npy

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
