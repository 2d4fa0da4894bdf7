package org.medwarn.generate;

import java.util.SplittableRandom;

/**
 * Independent random streams addressed by (seed, person, purpose), so that anything about one
 * person can be regenerated alone, in any order, with the same result.
 */
final class Seeds {
    static final int REGISTRY = 1;
    static final int SCHEDULE = 2;
    static final int AMOUNTS = 3;

    private Seeds() {}

    static SplittableRandom random(long seed, long index, int purpose) {
        return new SplittableRandom(mix(mix(seed + purpose * 0x632BE59BD9B4E019L) ^ index));
    }

    /** The 64-bit finalizer of MurmurHash3: a bijection with good avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
