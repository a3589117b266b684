"""`make bench`: what the service costs, measured on one machine and printed as ratios (see `python -m bench --help`).

Sections: cold start (`coldstart`), warm overhead (`warm`), AWS calls over one lifecycle (`calls`), cost per 1,000
interviews (`cost`), deployment size (`size`) and rendering throughput (`rendering`). Benchmarks are not tests: no
figure here fails `make test` (`tests/test_bench.py` only checks the AWS-call counts and the cost arithmetic).
"""
