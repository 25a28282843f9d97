/**
 * Memory (MB) of the functions: the constructs set it and the cost model (bench/cost) prices
 * their run time with it, so the two cannot drift apart.
 */
export const FUNCTION_MEMORY_MB = {
  /** A message may be up to 40 MB of MIME; parsing it needs room. */
  intake: 1024,
  api: 512,
  /** Every other function. */
  default: 256,
} as const;
