#!/bin/sh
# Data-type workloads of redis-benchmark against redoubt and redis-server in the same run,
# at pipeline 1 and 16 with 50 clients, printing redoubt/redis ratios (bench/macro/redis-benchmark.ts).
# Bounded: BENCH_REQUESTS requests per workload (default 100000), each run capped at 300 s.
#   sh bench/macro/data-types.sh
#   BENCH_REQUESTS=200000 sh bench/macro/data-types.sh
set -eu
cd "$(dirname "$0")/../.."
npm run --silent compile:tests
BENCH_TESTS="${BENCH_TESTS:-lpush,rpop,sadd,hset,spop,zadd,zpopmin,lrange_100,lrange_600}" \
BENCH_REQUESTS="${BENCH_REQUESTS:-100000}" \
BENCH_SKIP_MEMORY=1 \
  node dist/bench/macro/redis-benchmark.js
