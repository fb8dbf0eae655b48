//! Deterministic generator of realistic fictional bases, for benchmarks (`jidi gen`).
