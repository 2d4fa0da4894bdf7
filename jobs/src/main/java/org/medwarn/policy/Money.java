package org.medwarn.policy;

import java.math.BigDecimal;

/**
 * Exact money: amounts are 元 with two decimals, held as {@code long} cents (分) everywhere inside
 * the job and converted to {@link BigDecimal} with scale 2 at the edges. Never {@code double}.
 */
public final class Money {
    /** The largest amount accepted, 元: far above any real settlement, far below overflow. */
    public static final BigDecimal MAX_YUAN = new BigDecimal("99999999999999.99");

    private Money() {}

    /**
     * Converts 元 to cents exactly.
     *
     * @throws ArithmeticException when the amount has more than two decimals or is out of range
     */
    public static long toCents(BigDecimal yuan) {
        if (yuan.abs().compareTo(MAX_YUAN) > 0) {
            throw new ArithmeticException(yuan.toPlainString() + " is out of range");
        }
        BigDecimal cents = yuan.movePointRight(2);
        if (cents.signum() != 0 && cents.stripTrailingZeros().scale() > 0) {
            throw new ArithmeticException(yuan.toPlainString() + " has more than 2 decimals");
        }
        return cents.longValueExact();
    }

    /** Cents as 元 with scale 2. */
    public static BigDecimal toYuan(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    /** Cents as a plain string with two decimals, e.g. {@code 30000.00}. */
    public static String format(long cents) {
        return toYuan(cents).toPlainString();
    }

    /** Parses a plain decimal string of 元 (at most 2 decimals) to cents exactly. */
    public static long parseCents(String yuan) {
        try {
            return toCents(new BigDecimal(yuan.trim()));
        } catch (NumberFormatException e) {
            throw new ArithmeticException("'" + yuan + "' is not a number");
        }
    }

    /** Cents of a value known to fit (used by tests and the generator). */
    public static long yuan(long wholeYuan) {
        return Math.multiplyExact(wholeYuan, 100L);
    }
}
