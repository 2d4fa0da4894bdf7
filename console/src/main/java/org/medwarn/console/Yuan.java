package org.medwarn.console;

import java.util.Locale;

/** Display text of exact amounts: fen (分, 0.01 元) as {@code long} to "1,234,567.89" 元. */
public final class Yuan {

    private Yuan() {}

    /** {@code 12345678} → {@code "123,456.78"}; negative amounts keep their sign. */
    public static String text(long cents) {
        String sign = cents < 0 ? "-" : "";
        long abs = Math.abs(cents);
        return sign + String.format(Locale.ROOT, "%,d.%02d", abs / 100, abs % 100);
    }
}
