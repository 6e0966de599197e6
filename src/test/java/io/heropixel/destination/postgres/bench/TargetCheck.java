package io.heropixel.destination.postgres.bench;

/** One line of the targets table (docs/benchmarks.md) with the value this run measured. */
record TargetCheck(String target, String goal, String measured) {}
